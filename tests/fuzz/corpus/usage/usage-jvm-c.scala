object X {
  val a = sys.env("S_A")
  val b = sys.env.get("S_B")
  val c = sys.env.getOrElse("S_C", "dflt")
  val d = s"${sys.env("S_INTERP")}"
  val e = "${sys.env(\"S_PLAIN\")}"
  /* /* sys.env("S_NESTED") */ sys.env("S_NESTED2") */
  val f = System.getenv("S_JAVA")
}
