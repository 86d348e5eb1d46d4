cat > A.java <<'EOF'
class A {
  String a = System.getenv("J_A");
  String b = System.getenv().get("J_B");
  String c = System.getenv().getOrDefault("J_C", "dflt");
  /* System.getenv("J_COMMENT") /* not nested in Java */
  String t = """
     System.getenv("J_TEXTBLOCK")
     """;
  char q = '"'; String d = System.getenv("J_AFTER_CHAR");
  String e = System.getenv(name);
  Map<String, String> all = System.getenv();
}
EOF
cat > b.kt <<'EOF'
val a = System.getenv("K_A") ?: "def"
val s = "x ${System.getenv("K_TPL")} y $name"
/* outer /* nested System.getenv("K_NESTED") */ still System.getenv("K_NESTED2") */
val b = System.getenv()["K_B"]
val r = """System.getenv("K_RAW")"""
EOF
cat > c.scala <<'EOF'
object X {
  val a = sys.env("S_A")
  val b = sys.env.get("S_B")
  val c = sys.env.getOrElse("S_C", "dflt")
  val d = s"${sys.env("S_INTERP")}"
  val e = "${sys.env(\"S_PLAIN\")}"
  /* /* sys.env("S_NESTED") */ sys.env("S_NESTED2") */
  val f = System.getenv("S_JAVA")
}
EOF
