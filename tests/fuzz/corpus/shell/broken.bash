OK=1
echo "$(cat <<EOF
IN=$DOC
EOF
)"
BROKEN="never closed
LATER=1
