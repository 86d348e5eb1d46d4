FROM alpine
# escape=`
ENV LATE=a\
  b
