FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install -y java-17-openjdk-headless shadow-utils
RUN useradd -r -u 1001 app
WORKDIR /opt/app
COPY target/app.jar app.jar
USER app
EXPOSE 8080
CMD ["java", "-jar", "app.jar"]
