# A BOM before the first line, lower-case instructions, a mixed-case stage name.
from alpine:3.19 as Base
run apk add --no-cache curl
from alpine:3.19
copy --from=base /etc/os-release /tmp/
