cat > main.c <<'EOF'
#include <stdlib.h>
extern char *getenv(const char *name);
#define HOME getenv("C_DEFINE")
int main(void) {
    const char *a = getenv("C_A");
    const char *b = secure_getenv("C_B");
    // getenv("C_COMMENT") \
       getenv("C_CONTINUED")
    int n = 1'000; const char *e = getenv("C_AFTER_SEP");
    const char *s = "getenv(\"C_STR\")";
    char q = '"'; const char *f = getenv("C_AFTER_CHAR");
    return getenv("C_RET") != 0 && cfg->getenv("C_MEMBER");
}
EOF
cat > util.cpp <<'EOF'
const char *c = std::getenv("CPP_C");
const char *d = R"x(getenv("CPP_RAW"))x";
const char *g = ::getenv(name);
EOF
