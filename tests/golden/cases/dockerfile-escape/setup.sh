# the escape directive, CRLF, errors
printf '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore\r\nENV WIN_PATH=C:\\app\\bin `\r\n    OTHER="x`"y"\r\nARG A=`$lit\r\nENV\r\nENV BAD novalue=x y\r\nENV NOEQ=1 plain\r\nFRMO typo\r\n' > Containerfile
printf 'FROM alpine\n# escape=`\nENV LATE=a\\\n  b\n' > late.Dockerfile
