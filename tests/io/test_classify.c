/*
 * test_classify.c — base names to classes, built-in rules and extra globs.
 */
#include "io_test.h"

static const struct {
    const char *name;
    int env;
} builtin[] = {
    /* the six built-in shapes */
    {".env", 1}, {"env", 1}, {".envrc", 1},
    {".env.production", 1}, {".env.local", 1}, {".env.development.local", 1},
    {".env.example", 1}, {".env.sample", 1}, {".env.template", 1},
    {".env.test", 1}, {".env.dist", 1}, {".env.bak", 1}, {".env.txt", 1},
    {".env.keys", 1}, {".env.vault", 1}, {".env.enc", 1}, {".env.j2", 1},
    {".env.conf", 1}, {".env.", 1}, {".env.DEV", 1},
    {"prod.env", 1}, {"a.env", 1}, {".prod.env", 1}, {"x.env.env", 1},
    {"x.env.docker", 1}, {"app.env.staging", 1}, {"base.env.local.txt", 1},
    /* .env.* and *.env.* that are code or another format */
    {".env.js", 0}, {".env.ts", 0}, {".env.d.ts", 0}, {"vite.env.d.ts", 0},
    {".env.mjs", 0}, {".env.cjs", 0}, {".env.jsx", 0}, {".env.tsx", 0},
    {".env.py", 0}, {".env.rb", 0}, {".env.go", 0}, {".env.java", 0},
    {".env.kt", 0}, {".env.rs", 0}, {".env.c", 0}, {".env.h", 0},
    {".env.cc", 0}, {".env.cpp", 0}, {".env.hpp", 0}, {".env.cs", 0},
    {".env.php", 0}, {".env.swift", 0}, {"app.env.json", 0}, {".env.yaml", 0},
    {".env.yml", 0}, {".env.toml", 0}, {".env.xml", 0}, {".env.html", 0},
    {".env.md", 0}, {".env.MD", 0}, {".env.lock", 0}, {".env.js.map", 0},
    {".env.sh", 0}, {".env.bash", 0}, {".env.zsh", 0}, {".env.ps1", 0},
    {".env.bat", 0}, {".env.cmd", 0}, {".env.sql", 0}, {".env.ini", 0},
    {".env.swp", 0}, {".env.gz", 0}, {".env.pem", 0}, {"docker.env.yml", 0},
    {".env.local.json", 0}, {"settings.env.py", 0},
    /* not env names at all */
    {"", 0}, {"e", 0}, {"en", 0}, {"envs", 0}, {"environment", 0},
    {"environment.ts", 0}, {"environment.prod.ts", 0}, {".environment", 0},
    {"env.sh", 0}, {"env.js", 0}, {"myenv", 0}, {"prod.env~", 0},
    {".envrc.bak", 0}, {".ENV", 0}, {"README.md", 0}, {"main.c", 0},
    {".venv", 0}, {"x.envy", 0}, {".env-local", 0}, {"dotenv", 0},
};

int main(void)
{
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++) {
        es_file_class c = es_classify_name(builtin[i].name, NULL, 0);
        CHECK(c == (builtin[i].env ? ES_CLASS_DOTENV : ES_CLASS_NONE), "\"%s\" -> %d",
              builtin[i].name, c);
    }

    /* Extra globs: base-name globs in gitignore syntax; they add names and
     * are not subject to the exclusions. */
    const char *globs[] = {"*.envvars", "config.[ch]fg", "secrets?.txt", "app.env.json",
                           "[", "dir/x.conf"};
    size_t ng = sizeof globs / sizeof globs[0];
    CHECK(es_classify_name("prod.envvars", globs, ng) == ES_CLASS_DOTENV, "*.envvars");
    CHECK(es_classify_name("config.cfg", globs, ng) == ES_CLASS_DOTENV, "class");
    CHECK(es_classify_name("config.hfg", globs, ng) == ES_CLASS_DOTENV, "class");
    CHECK(es_classify_name("config.xfg", globs, ng) == ES_CLASS_NONE, "class miss");
    CHECK(es_classify_name("secrets1.txt", globs, ng) == ES_CLASS_DOTENV, "?");
    CHECK(es_classify_name("secrets.txt", globs, ng) == ES_CLASS_NONE, "? needs one byte");
    CHECK(es_classify_name("app.env.json", globs, ng) == ES_CLASS_DOTENV, "glob beats exclusion");
    CHECK(es_classify_name("x.conf", globs, ng) == ES_CLASS_NONE, "glob with '/' never matches");
    CHECK(es_classify_name("[", globs, ng) == ES_CLASS_NONE, "malformed glob matches nothing");
    CHECK(es_classify_name("main.c", globs, ng) == ES_CLASS_NONE, "unrelated");
    CHECK(es_classify_name(".env", globs, 0) == ES_CLASS_DOTENV, "n=0");
    const char *star[] = {"*"};
    CHECK(es_classify_name("anything.bin", star, 1) == ES_CLASS_DOTENV, "*");
    CHECK(es_classify_name(NULL, NULL, 0) == ES_CLASS_NONE, "NULL");

    /* other formats: only the enabled classes, specific names first */
    const uint64_t all = ~UINT64_C(0);
    static const struct {
        const char *name;
        es_file_class cls;
    } other[] = {
        {"deploy.sh", ES_CLASS_SHELL},         {".envrc", ES_CLASS_SHELL},
        {".sh", ES_CLASS_NONE},                {"Dockerfile", ES_CLASS_DOCKERFILE},
        {"Dockerfile.dev", ES_CLASS_DOCKERFILE}, {"api.Dockerfile", ES_CLASS_DOCKERFILE},
        {"compose.yaml", ES_CLASS_COMPOSE},    {"docker-compose.prod.yml", ES_CLASS_COMPOSE},
        {"docker-compose-ci.yml", ES_CLASS_COMPOSE}, {"ci.yml", ES_CLASS_YAML},
        {"app.service", ES_CLASS_SYSTEMD},     {"package.json", ES_CLASS_NONE},
        {"appsettings.Production.json", ES_CLASS_JSON}, {"Cargo.toml", ES_CLASS_NONE},
        {"setup.cfg", ES_CLASS_INI},           {"application.properties", ES_CLASS_PROPERTIES},
        {"index.TSX", ES_CLASS_JAVASCRIPT},    {"main.go", ES_CLASS_GO},
        {"App.kt", ES_CLASS_JVM},              {"Gemfile", ES_CLASS_RUBY},
        {"lib.rs", ES_CLASS_RUST},             {"x.hpp", ES_CLASS_C},
        {"README.md", ES_CLASS_NONE},          {"appsettings.json", ES_CLASS_JSON},
        {"config.json", ES_CLASS_JSON},        {"settings.json", ES_CLASS_JSON},
        {"config.local.json", ES_CLASS_JSON},  {"tsconfig.json", ES_CLASS_NONE},
        {"app.config.json", ES_CLASS_JSON},
        {"config.toml", ES_CLASS_TOML},        {"settings.toml", ES_CLASS_TOML},
        {"config.prod.toml", ES_CLASS_TOML},   {"app.config.toml", ES_CLASS_TOML},
        {"pyproject.toml", ES_CLASS_NONE},
    };
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
        es_file_class c = es_classify_format(other[i].name, strlen(other[i].name), all);
        CHECK(c == other[i].cls, "%s: class %d, want %d", other[i].name, c, other[i].cls);
    }
    CHECK(es_classify_format("main.go", 7, ES_CLASS_BIT(ES_CLASS_SHELL)) == ES_CLASS_NONE,
          "a class not enabled is not returned");
    CHECK(es_classify_format("compose.yml", 11, ES_CLASS_BIT(ES_CLASS_YAML)) == ES_CLASS_YAML,
          "compose falls back to YAML when compose is not enabled");
    CHECK(es_classify_format("x.sh", 4, 0) == ES_CLASS_NONE, "nothing enabled");
    return test_result("test_classify");
}
