FROM centos:7
MAINTAINER ops@example.com
RUN yum install -y epel-release && yum install -y nginx
RUN sudo yum install -y jq
ADD https://example.com/nginx.conf /etc/nginx/nginx.conf
EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]
