# Malformed on purpose; each line after this comment has one problem.
RUN echo before from
FROM alpine AS 1bad
FORM alpine
COPY --chmod /a /b
RUN --network=bogus true
EXPOSE 80/tcp 99999 8080:80
HEALTHCHECK --interval=5 CMD true
ONBUILD ONBUILD RUN true
FROM alpine AS dup
FROM alpine AS DUP
COPY --from=dup /a /b
USER
RUN <<EOF
echo never terminated
