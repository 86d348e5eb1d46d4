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
