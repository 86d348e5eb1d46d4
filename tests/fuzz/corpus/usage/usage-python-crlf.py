import os
x = os.environ["CRLF"]
	y = os.getenv("TAB")
