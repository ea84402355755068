FROM opensuse/leap:15.6
RUN zypper refresh && zypper install curl git
RUN zypper -n install --no-recommends vim=9.1.0330 && zypper clean -a
WORKDIR app
CMD ["bash"]
