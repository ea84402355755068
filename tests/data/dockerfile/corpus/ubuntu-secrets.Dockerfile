FROM ubuntu:latest
ARG GITHUB_TOKEN
ENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
RUN curl -H "Authorization: token ghp_abcdefghijklmnopqrstuvwxyz0123456789" https://api.github.com/user
COPY id_rsa /root/.ssh/id_rsa
COPY .env /app/.env
WORKDIR /usr/bin
RUN chmod u+s /usr/bin/find
CMD ["bash"]
CMD ["sleep", "infinity"]
