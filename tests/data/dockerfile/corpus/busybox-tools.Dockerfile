FROM busybox:1.36
ADD app.sh /usr/local/bin/app.sh
RUN chmod 755 /usr/local/bin/app.sh && cat /etc/passwd | grep root
EXPOSE 22
ENTRYPOINT ["/bin/sh", "/usr/local/bin/app.sh"]
