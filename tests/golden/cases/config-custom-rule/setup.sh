# a custom secret rule fires on its true sample, not on its low-entropy
# look-alike, nor where its keywords are missing
bash "$GOLDEN_TREES/config-secrets.sh"
printf 'ACME=acme_Q7x9Lm2Vb8Nc4Zt6Rp1Ws3Yk\nACME_FAKE=acme_aaaaaaaaaaaaaaaaaaaaaaaa\nOTHER=Q7x9Lm2Vb8Nc4Zt6Rp1Ws3Yk\n' > custom.env
