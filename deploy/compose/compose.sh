# Sourced by deploy/compose/*: compose() runs Docker Compose whichever way this machine has it — the plugin
# (`docker compose`, Docker's own packages) or the standalone tool (`docker-compose`, Debian's package).
compose() {
  if docker compose version >/dev/null 2>&1; then
    docker compose "$@"
  else
    docker-compose "$@"
  fi
}
