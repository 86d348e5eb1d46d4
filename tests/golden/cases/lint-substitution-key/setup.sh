# bad.env triggers lint-substitution-key, good.env does not
printf '%s' 'A=${B
C="${}"
D=${1X}
' > bad.env
printf '%s' 'A=${B}
C="${D:-x}"
E='"'"'${notasub'"'"'
F=\${G
G=$H
' > good.env
