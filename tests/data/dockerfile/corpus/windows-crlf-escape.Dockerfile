# escape=`
FROM debian:bookworm-slim
RUN apt-get update && `
    apt-get install -y `
      curl `
      openssh-server
EXPOSE 22
CMD ["curl", "--version"]
