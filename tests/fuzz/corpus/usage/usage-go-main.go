package main

import (
	"os"
	"syscall"
)

func main() {
	a := os.Getenv("GO_A")
	b, ok := os.LookupEnv(`GO_RAW`)
	c, _ := syscall.Getenv("GO_SYS")
	// os.Getenv("GO_COMMENT")
	/* os.Getenv("GO_BLOCK") */
	s := "os.Getenv(\"GO_STR\")"
	r := '"'
	t := `os.Getenv("GO_RAWSTR")`
	d := os.Getenv(prefix + "_X")
	e := myos.Getenv("NOT_OS")
}
