# Multi-stage: ARG before FROM used in FROM, named stages (case-insensitive), --from by name,
# by index and an external image, a stage built FROM an earlier one, ONBUILD.
ARG BASE=golang
ARG TAG
FROM ${BASE}:${TAG:-1.22} AS Build
ENV CGO_ENABLED=0 GOFLAGS="-trimpath"
RUN --mount=type=cache,target=/root/.cache go build -o /out/app ./...
FROM build AS test
RUN go test ./...
FROM gcr.io/distroless/static:nonroot
COPY --from=BUILD --chown=65532:65532 /out/app /app
COPY --from=0 /etc/passwd /etc/passwd
COPY --from=nginx:1.25 /etc/nginx/nginx.conf /etc/nginx/
ONBUILD RUN echo triggered
USER 65532:65532
ENTRYPOINT ["/app"]
