#!/usr/bin/env python3
"""Writes N realistic, varied Dockerfiles for bench/lint.sh: OUTDIR/NNNNN.Dockerfile.

Each file is 10-80 lines: one to three stages (named builder stages copied from by the final one),
parser directives, ARG before FROM, bases from Debian/Ubuntu, Alpine, Fedora/RHEL-style,
openSUSE, Python, Node and Go families on several registries (tags, :latest, none, digests),
package installs with apt-get/apt/apk/dnf/yum/microdnf/zypper/pip/npm written well or with the
usual mistakes (no -y, no --no-install-recommends, no cache cleanup, unpinned, update alone),
curl|sh, sudo, ADD of files and URLs, EXPOSE 22 and privileged or invalid ports, USER root or
none, secrets in ENV/ARG, chmod 777 and setuid, relative WORKDIR, MAINTAINER, several CMDs,
heredocs, line continuations (and the backtick escape), --mount/--chown/--chmod/--link, ONBUILD,
SHELL with pipefail, HEALTHCHECK.

Usage: bench/gen-dockerfiles.py OUTDIR [N] [SEED]   (default N = 10000, SEED = 12)
Deterministic: the same arguments give the same files (each file from its own seeded generator).
"""
import os
import random
import sys

REGISTRIES = ["", "", "", "", "docker.io/library/", "gcr.io/distroless-mirror/", "quay.io/acme/",
              "ghcr.io/example/", "registry.example.com:5000/", "mcr.microsoft.com/mirror/"]
FAMILIES = {
    "debian": (["debian", "ubuntu", "python", "node", "golang", "ruby", "openjdk"],
               {"debian": ["12", "bookworm", "bookworm-slim", "11-slim", "bullseye"],
                "ubuntu": ["22.04", "24.04", "jammy", "focal"],
                "python": ["3.12-slim", "3.11", "3.10-bookworm"],
                "node": ["20-bookworm", "18-slim", "22"],
                "golang": ["1.22", "1.21-bookworm"],
                "ruby": ["3.3", "3.2-slim"],
                "openjdk": ["17-jdk-slim", "21"]}),
    "alpine": (["alpine", "python", "node", "golang", "nginx"],
               {"alpine": ["3.19", "3.20", "3.18"], "python": ["3.12-alpine", "3.11-alpine3.19"],
                "node": ["20-alpine", "18-alpine3.18"], "golang": ["1.22-alpine"],
                "nginx": ["1.25-alpine", "stable-alpine"]}),
    "rhel": (["fedora", "rockylinux", "almalinux", "centos", "redhat/ubi9", "redhat/ubi8-minimal"],
             {"fedora": ["39", "40"], "rockylinux": ["9", "8.9"], "almalinux": ["9"],
              "centos": ["7", "stream9"], "redhat/ubi9": ["9.3", "latest"],
              "redhat/ubi8-minimal": ["8.9"]}),
    "suse": (["opensuse/leap", "opensuse/tumbleweed"],
             {"opensuse/leap": ["15.5", "15.6"], "opensuse/tumbleweed": ["latest"]}),
}
PACKAGES = {
    "debian": ["curl", "ca-certificates", "git", "build-essential", "libssl-dev", "wget", "gnupg",
               "unzip", "jq", "netcat-openbsd", "python3", "python3-pip", "libpq-dev", "tzdata",
               "locales", "vim", "less", "procps", "iproute2", "dumb-init", "tini", "gosu",
               "openssh-client", "make", "gcc", "libffi-dev", "zlib1g-dev", "nginx"],
    "alpine": ["curl", "ca-certificates", "git", "build-base", "openssl-dev", "bash", "jq",
               "tzdata", "su-exec", "tini", "python3", "py3-pip", "libffi-dev", "musl-dev",
               "postgresql-dev", "gcc", "make", "libc6-compat", "nodejs", "npm"],
    "rhel": ["curl", "git", "gcc", "make", "openssl-devel", "python3", "python3-pip", "jq",
             "tar", "gzip", "which", "procps-ng", "shadow-utils", "findutils", "libpq-devel"],
    "suse": ["curl", "git", "gcc", "make", "libopenssl-devel", "python3", "python3-pip", "tar",
             "gzip", "which", "shadow"],
}
PINS = {"debian": "=1.2.{}-1", "alpine": "=1.2.{}-r0", "rhel": "-1.2.{}", "suse": "=1.2.{}"}
PIP = ["flask", "requests", "gunicorn", "django", "fastapi", "uvicorn", "psycopg2-binary",
       "celery", "redis", "boto3", "numpy", "pandas", "pyyaml", "sqlalchemy"]
NPM = ["express", "pm2", "typescript", "yarn", "nodemon", "lodash", "axios", "serve"]
SECRETS = ["API_KEY", "DB_PASSWORD", "AWS_SECRET_ACCESS_KEY", "GITHUB_TOKEN", "NPM_TOKEN",
           "SECRET_KEY", "PRIVATE_KEY", "STRIPE_SECRET", "MYSQL_ROOT_PASSWORD", "JWT_SECRET"]
PLAIN_ENV = {"APP_HOME": ["/app", "/srv/app"], "PORT": ["8080", "3000", "8000"],
             "LANG": ["C.UTF-8", "en_US.UTF-8"], "TZ": ["UTC", "Europe/Berlin"],
             "NODE_ENV": ["production"], "PYTHONUNBUFFERED": ["1"], "PIP_NO_CACHE_DIR": ["1"],
             "LOG_LEVEL": ["info", "debug"], "WORKERS": ["2", "4"], "GOFLAGS": ["-mod=mod"],
             "PATH": ["/app/bin:$PATH", "/opt/venv/bin:${PATH}"]}
PORTS_OK = [80, 443, 3000, 5000, 8000, 8080, 8443, 9000, 9090, 5432, 6379]
PORTS_PRIV = [21, 23, 25, 53, 110, 389, 873]
SCRIPT_URLS = ["https://get.example.sh/install.sh", "https://deb.nodesource.com/setup_20.x",
               "https://sh.rustup.rs", "https://install.python-poetry.org",
               "https://raw.githubusercontent.com/acme/tools/main/setup.sh"]


class Gen:
    def __init__(self, rng):
        self.rng = rng
        self.lines = []
        self.escape = "\\"

    def chance(self, p):
        return self.rng.random() < p

    def pick(self, items):
        return self.rng.choice(items)

    def add(self, *lines):
        self.lines.extend(lines)

    def continued(self, head, parts, indent="    "):
        """One instruction over several lines joined with the escape character."""
        if len(parts) == 1 or self.chance(0.15):
            self.add(head + " " + " ".join(parts))
            return
        out = [f"{head} {parts[0]} {self.escape}"]
        for index, part in enumerate(parts[1:], 1):
            if self.chance(0.05):
                out.append(f"{indent}# {self.pick(['pinned for reproducibility', 'see docs', 'TODO'])}")
            tail = "" if index == len(parts) - 1 else f" {self.escape}"
            out.append(f"{indent}{part}{tail}")
        self.add(*out)

    def base(self, family):
        images, tags = FAMILIES[family]
        image = self.pick(images)
        registry = self.pick(REGISTRIES) if "/" not in image or self.chance(0.3) else ""
        roll = self.rng.random()
        if roll < 0.12:
            ref = f"{registry}{image}:latest"
        elif roll < 0.2:
            ref = f"{registry}{image}"
        elif roll < 0.3:
            digest = "".join(self.pick("0123456789abcdef") for _ in range(64))
            ref = f"{registry}{image}:{self.pick(tags[image])}@sha256:{digest}"
        else:
            ref = f"{registry}{image}:{self.pick(tags[image])}"
        return ref

    def packages(self, family, count, pinned):
        names = self.rng.sample(PACKAGES[family], min(count, len(PACKAGES[family])))
        if pinned:
            return [n + PINS[family].format(self.rng.randint(0, 30)) for n in names]
        return names

    def install(self, family):
        """One RUN installing OS packages, right or with some of the usual mistakes."""
        careful = self.chance(0.4)
        pinned = careful and self.chance(0.6) or self.chance(0.1)
        pkgs = self.packages(family, self.rng.randint(1, 7), pinned)
        steps = []
        if self.chance(0.08):
            steps.append("set -eux")
        if family == "debian":
            tool = "apt-get" if self.chance(0.85) else "apt"
            if self.chance(0.1):
                tool = "sudo " + tool
            yes = "-y " if careful or self.chance(0.6) else ""
            nir = "--no-install-recommends " if careful or self.chance(0.3) else ""
            if careful or self.chance(0.7):
                steps.append(f"{tool} update")
            if self.chance(0.1):
                steps.append(f"{tool} {yes}upgrade")
            steps.append(f"{tool} install {yes}{nir}" + " ".join(pkgs))
            if careful or self.chance(0.3):
                steps.append("rm -rf /var/lib/apt/lists/*")
            elif self.chance(0.2):
                steps.append(f"{tool} clean")
        elif family == "alpine":
            if careful or self.chance(0.4):
                steps.append("apk add --no-cache " + " ".join(pkgs))
            else:
                if self.chance(0.5):
                    steps.append("apk update")
                steps.append("apk add " + ("--virtual .build-deps " if self.chance(0.2) else "")
                             + " ".join(pkgs))
                if self.chance(0.3):
                    steps.append("rm -rf /var/cache/apk/*")
        elif family == "rhel":
            tool = self.pick(["dnf", "yum", "microdnf"])
            yes = "-y " if careful or self.chance(0.6) else ""
            if self.chance(0.25):
                steps.append(f"{tool} {yes}update")
            steps.append(f"{tool} install {yes}" + " ".join(pkgs))
            if careful or self.chance(0.3):
                steps.append(f"{tool} clean all")
                if tool != "microdnf" and self.chance(0.5):
                    steps.append(f"rm -rf /var/cache/{tool}")
        else:
            yes = "-n " if careful or self.chance(0.6) else ""
            if self.chance(0.3):
                steps.append(f"zypper {yes}refresh")
            steps.append(f"zypper {yes}install " + ("--no-recommends " if careful else "")
                         + " ".join(pkgs))
            if careful or self.chance(0.3):
                steps.append("zypper clean -a")
        if self.chance(0.08):  # the update in a RUN of its own
            first, rest = steps[0], steps[1:]
            if "update" in first or "refresh" in first:
                self.add(f"RUN {first}")
                steps = rest or ["true"]
        if self.chance(0.08):
            self.heredoc(steps)
        else:
            self.continued("RUN", [steps[0]] + ["&& " + s for s in steps[1:]])

    def heredoc(self, steps):
        delim = self.pick(["EOF", "EOT", "SCRIPT"])
        quoted = self.chance(0.3)
        marker = f'"{delim}"' if quoted else delim
        self.add(f"RUN <<{marker}")
        if self.chance(0.5):
            self.add("set -e")
        self.add(*steps)
        self.add(delim)

    def language(self, family, language):
        if language == "python":
            nocache = "--no-cache-dir " if self.chance(0.5) else ""
            if self.chance(0.6):
                self.add(f"COPY requirements.txt {self.pick(['.', './', '/app/'])}")
                self.add(f"RUN pip install {nocache}-r requirements.txt")
            else:
                pkgs = self.rng.sample(PIP, self.rng.randint(1, 4))
                if self.chance(0.4):
                    pkgs = [p + f"=={self.rng.randint(1, 5)}.{self.rng.randint(0, 20)}" for p in pkgs]
                self.continued("RUN", [f"pip install {nocache}" + " ".join(pkgs)])
        elif language == "node":
            self.add(f"COPY package{self.pick(['*.json', '.json package-lock.json'])} ./")
            cmd = self.pick(["npm ci", "npm install", "npm ci --omit=dev", "yarn install --frozen-lockfile"])
            if self.chance(0.3):
                self.add(f"RUN --mount=type=cache,target=/root/.npm {cmd}")
            else:
                self.add(f"RUN {cmd}")
            if self.chance(0.3):
                pkgs = self.rng.sample(NPM, self.rng.randint(1, 2))
                at = [p + (f"@{self.rng.randint(1, 9)}" if self.chance(0.5) else "") for p in pkgs]
                self.add("RUN npm install -g " + " ".join(at))
        elif language == "go":
            self.add("COPY go.mod go.sum ./", "RUN go mod download")
            self.add("COPY . .")
            mount = "--mount=type=cache,target=/root/.cache/go-build " if self.chance(0.5) else ""
            self.add(f"RUN {mount}CGO_ENABLED=0 go build -o /out/app ./cmd/app")

    def mistakes(self):
        """Single-line risky steps, each with its own probability."""
        if self.chance(0.12):
            url = self.pick(SCRIPT_URLS)
            shell = self.pick(["sh", "bash", "sudo bash", "sh -s --"])
            getter = self.pick([f"curl -fsSL {url}", f"curl -sL {url}", f"wget -qO- {url}"])
            self.add(f"RUN {getter} | {shell}")
        if self.chance(0.08):
            self.add(f"RUN chmod {self.pick(['777', '-R 777', '0777', 'a+rwx'])} {self.pick(['/app', '/data', '/tmp/cache', '.'])}")
        if self.chance(0.05):
            self.add(f"RUN chmod {self.pick(['u+s', '4755', '+s'])} /usr/local/bin/{self.pick(['helper', 'tool', 'ping'])}")
        if self.chance(0.05):
            self.add(f"RUN sudo {self.pick(['mkdir -p /opt/app', 'chown -R app /opt', 'ln -s /opt/app /srv'])}")
        if self.chance(0.06):
            self.add(f"RUN cat /etc/os-release | grep VERSION > /version.txt")
        if self.chance(0.05):
            self.add(f"RUN echo 'root:{self.pick(['toor', 'changeme', 'secret'])}' | chpasswd")

    def secrets(self):
        if self.chance(0.15):
            name = self.pick(SECRETS)
            if self.chance(0.5):
                value = self.pick(["changeme", "s3cr3t", "sk_live_51H8x2eZvKYlo2C", "hunter2",
                                   "ghp_" + "".join(self.pick("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(36))])
                self.add(f"ENV {name}={value}")
            else:
                self.add(f"ARG {name}")
        if self.chance(0.05):
            self.add(f"COPY {self.pick(['id_rsa', '.env', 'secrets.json', 'server.key', '.npmrc', 'credentials'])} {self.pick(['/root/.ssh/', '/app/', './'])}")

    def env(self):
        count = self.rng.randint(0, 3)
        if not count:
            return
        pairs = [f"{name}={self.pick(PLAIN_ENV[name])}"
                 for name in self.rng.sample(sorted(PLAIN_ENV), count)]
        if self.chance(0.2):
            for pair in pairs:
                key, value = pair.split("=", 1)
                self.add(f"ENV {key} {value}" if self.chance(0.3) else f"ENV {pair}")
        else:
            self.continued("ENV", pairs)

    def labels(self):
        if self.chance(0.3):
            self.add("MAINTAINER " + self.pick(["ops@example.com", "Jane Doe <jane@example.com>", "team"]))
        if self.chance(0.4):
            self.continued("LABEL", [f'org.opencontainers.image.source="https://github.com/acme/app{self.rng.randint(1, 99)}"',
                                     f'org.opencontainers.image.version="{self.rng.randint(0, 5)}.{self.rng.randint(0, 20)}.0"',
                                     'maintainer="ops@example.com"'][: self.rng.randint(1, 3)])

    def workdir(self):
        if self.chance(0.1):
            self.add(f"WORKDIR {self.pick(['app', 'src', 'build', '$HOME/app'])}")
        else:
            self.add(f"WORKDIR {self.pick(['/app', '/usr/src/app', '/srv', '/opt/service', '/home/app', '/usr/bin'])}")

    def copy(self, final, builders):
        if builders and final:
            src = self.pick(builders)
            if self.chance(0.03):
                src = self.pick(["bulider", "missing", "99"])
            flags = self.pick(["", "--chown=app:app ", "--link ", "--chmod=0755 "])
            self.add(f"COPY --from={src} {flags}/out/app /usr/local/bin/app")
        roll = self.rng.random()
        if roll < 0.12:
            self.add(f"ADD {self.pick(['.', 'src/', 'app.tar.gz', 'config/'])} {self.pick(['/app', '.', '/opt/'])}")
        elif roll < 0.18:
            self.add(f"ADD https://github.com/acme/tool/releases/download/v{self.rng.randint(1, 9)}.0/tool.tar.gz /tmp/")
        elif roll < 0.2:
            self.add("ADD --checksum=sha256:" + "".join(self.pick("0123456789abcdef") for _ in range(64))
                     + " https://example.com/tool.tgz /tmp/")
        elif roll < 0.24:
            self.add("COPY <<EOF /etc/app.conf", "listen = 8080", f"workers = {self.rng.randint(1, 8)}", "EOF")
        else:
            chown = "--chown=app:app " if self.chance(0.2) else ""
            self.add(f"COPY {chown}{self.pick(['.', 'src/', 'app/', 'dist/', 'config.yaml'])} {self.pick(['.', '/app/', './', '/srv/'])}")

    def expose(self):
        if not self.chance(0.7):
            return
        ports = self.rng.sample(PORTS_OK, self.rng.randint(1, 2))
        if self.chance(0.08):
            ports.append(22)
        if self.chance(0.06):
            ports.append(self.pick(PORTS_PRIV))
        if self.chance(0.03):
            ports.append(self.pick([70000, 99999, "8080-80", "abc"]))
        if self.chance(0.04):
            ports[0] = f"{self.pick(PORTS_OK)}:{ports[0]}"
        rendered = [f"{p}/udp" if self.chance(0.05) else str(p) for p in ports]
        self.add("EXPOSE " + " ".join(rendered))

    def user(self, family):
        roll = self.rng.random()
        if roll < 0.35:
            return  # none
        if roll < 0.45:
            self.add("USER root")
            return
        if roll < 0.5:
            self.add(f"USER {self.pick(['0', '0:0', 'root:root'])}")
            return
        if family == "alpine":
            self.add("RUN addgroup -S app && adduser -S -G app app")
        else:
            self.add(self.pick(["RUN useradd -r -u 10001 -g root app",
                                "RUN groupadd -r app && useradd -r -g app -d /app app",
                                "RUN useradd --create-home --shell /bin/bash app"]))
        self.add(f"USER {self.pick(['app', '10001', 'app:app', '1000:1000', 'nobody'])}")

    def finish(self):
        if self.chance(0.3):
            check = self.pick(["curl -f http://localhost:8080/health || exit 1",
                               "wget -qO- http://127.0.0.1:3000/ready || exit 1", "NONE"])
            if check == "NONE":
                self.add("HEALTHCHECK NONE")
            else:
                self.add(f"HEALTHCHECK --interval=30s --timeout=3s CMD {check}")
        program = self.pick(["/usr/local/bin/app", "python app.py", "node server.js",
                             "gunicorn -b 0.0.0.0:8000 app:app", "nginx -g 'daemon off;'"])
        if self.chance(0.3):
            self.add(f'ENTRYPOINT ["{self.pick(["/usr/bin/tini", "dumb-init", "/entrypoint.sh"])}", "--"]')
        if self.chance(0.07):
            self.add('CMD ["echo", "starting"]')
        if self.chance(0.6):
            args = ", ".join(f'"{w}"' for w in program.replace("'", "").split())
            self.add(f"CMD [{args}]")
        else:
            self.add(f"CMD {program}")
        if self.chance(0.04):
            self.add(f"ENTRYPOINT {self.pick(['./run.sh', '/start.sh'])}")


def dockerfile(rng):
    """One Dockerfile of 10-80 lines; drawn again (same generator) in the rare case it is not."""
    while True:
        text = draw(rng)
        if 10 <= text.count("\n") <= 80:
            return text


def draw(rng):
    g = Gen(rng)
    target = rng.randint(10, 80)
    if g.chance(0.25):
        g.add(f"# syntax=docker/dockerfile:{g.pick(['1', '1.6', '1.7-labs'])}")
    if g.chance(0.02):
        g.add("# escape=`")
        g.escape = "`"
    if g.chance(0.3):
        g.add(f"# {g.pick(['Build the service image', 'Production image', 'CI image for tests', 'Generated by template v2'])}")
    family = g.pick(["debian"] * 5 + ["alpine"] * 3 + ["rhel"] * 2 + ["suse"])
    language = g.pick(["python", "node", "go", None, None])
    arg_base = g.chance(0.15)
    if arg_base:
        g.add(f"ARG BASE={g.base(family)}")
    stages = 1 + (g.rng.random() < 0.35) + (g.rng.random() < 0.1)
    builders = []
    for stage in range(stages):
        final = stage == stages - 1
        platform = "--platform=$BUILDPLATFORM " if not final and g.chance(0.2) else ""
        ref = "${BASE}" if arg_base and final else g.base(family)
        name = ""
        if not final:
            name = g.pick(["builder", "build", "deps", "compile", "assets"]) + ("" if stage == 0 else str(stage))
            if builders and g.chance(0.05):
                name = builders[0]  # a duplicate stage name
            builders.append(name)
        elif g.chance(0.1):
            name = "runtime"
        g.add(f"FROM {platform}{ref}" + (f" {g.pick(['AS', 'as'])} {name}" if name else ""))
        if final:
            g.labels()
        g.env()
        g.secrets()
        g.workdir()
        g.install(family)
        if language and (not final or stages == 1 or g.chance(0.3)):
            g.language(family, language)
        g.mistakes()
        # Filler until the stage has its share of the target length.
        share = target * (stage + 1) // stages
        guard = 0
        while len(g.lines) < share - (8 if final else 0) and guard < 12:
            guard += 1
            roll = g.rng.random()
            if roll < 0.3:
                g.install(family)
            elif roll < 0.5:
                g.copy(final, builders)
            elif roll < 0.6:
                g.env()
            elif roll < 0.75:
                g.continued("RUN", [g.pick(["mkdir -p /app/data", "set -o pipefail", "cd /tmp"]),
                                    "&& " + g.pick(["ls -la", "echo ok", "touch /app/.ready"]),
                                    "&& " + g.pick(["find / -xdev -perm -4000 -type f | sort", "true",
                                                    "ln -sf /dev/stdout /var/log/app.log"])])
            elif roll < 0.8:
                g.add('SHELL ["/bin/bash", "-o", "pipefail", "-c"]')
            elif roll < 0.85:
                g.add(f"ONBUILD COPY . /app/src")
            elif roll < 0.9:
                g.mistakes()
            else:
                g.secrets()
        if final:
            g.copy(final, builders)
            g.expose()
            g.user(family)
            g.finish()
    return "\n".join(g.lines) + "\n"


def main() -> None:
    if len(sys.argv) not in (2, 3, 4):
        sys.exit(__doc__)
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    os.makedirs(out, exist_ok=True)
    for index in range(count):
        text = dockerfile(random.Random(f"{seed}:{index}"))
        with open(os.path.join(out, f"{index:05d}.Dockerfile"), "w") as file:
            file.write(text)


if __name__ == "__main__":
    main()
