# bash quoting, CRLF line ends, unterminated constructs
printf '#!/usr/bin/env bash\r\nANSI=$'"'"'tab\\there\\nnl\\x41\\u00e9'"'"'\r\nLOC=$"hello"\r\nARR=(one two $ELEM)\r\nPLAIN=value\r\n' > crlf.sh
printf 'OK=1\necho "$(cat <<EOF\nIN=$DOC\nEOF\n)"\nBROKEN="never closed\nLATER=1\n' > broken.bash
