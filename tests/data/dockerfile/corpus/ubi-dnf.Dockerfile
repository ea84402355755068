FROM registry.access.redhat.com/ubi9/ubi:9.4
RUN dnf install httpd mod_ssl
RUN dnf -y update && dnf -y install python3 && dnf clean all
COPY index.html /var/www/html/
EXPOSE 80 443
USER 1001
CMD ["httpd", "-DFOREGROUND"]
