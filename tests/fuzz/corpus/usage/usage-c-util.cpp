const char *c = std::getenv("CPP_C");
const char *d = R"x(getenv("CPP_RAW"))x";
const char *g = ::getenv(name);
