val a = System.getenv("K_A") ?: "def"
val s = "x ${System.getenv("K_TPL")} y $name"
/* outer /* nested System.getenv("K_NESTED") */ still System.getenv("K_NESTED2") */
val b = System.getenv()["K_B"]
val r = """System.getenv("K_RAW")"""
