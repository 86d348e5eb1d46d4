# Every suppression comment form (lint-suppress* cases)
printf '%s' '# envscan:ignore-next-line lowercase-key
low=1
low2=1
SP = 1 # envscan:ignore-line space-character
SP2 = 1 # envscan:ignore-line
SP3 = 1 # envscan:ignore-line lowercase-key
# envscan:ignore-line bogus,lint-nope duplicate-key
ML="
# envscan:ignore
"
ml=1
# envscan:ignore space-character unordered-key
SP4 = 1
A=1
' > .env
