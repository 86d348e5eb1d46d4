# CRLF line ends stay CRLF; mixed line ends are refused (exit 2)
printf 'B=1  \r\nA="x"\r\nC=1' > crlf.env
printf 'A=1\r\nB=2\n' > mixed.env
