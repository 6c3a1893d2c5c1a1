# Sourced by deploy/images/aot and bench/image-start: a scratch PostgreSQL, Kafka and Redis from the compose file,
# as a project of its own (its own network and volumes, ports nobody else uses), for single service containers run
# with `compose "${scratch_files[@]}" run --no-deps <service>`. scratch_up starts it and waits until it is healthy;
# scratch_down removes it with its data.
source "$(dirname "${BASH_SOURCE[0]}")/compose.sh"
scratch_files=(-f deploy/compose/docker-compose.yaml)
scratch_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
scratch_up() { # project name, log file
  export COMPOSE_PROJECT_NAME=$1
  export ATRIUM_COMPOSE_PG_PORT=$(scratch_free_port) ATRIUM_COMPOSE_KAFKA_PORT=$(scratch_free_port)
  mkdir -p "$(dirname "$2")"
  scratch_down # what a killed run left behind: a fresh database, so that a training run migrates it
  compose "${scratch_files[@]}" up -d postgres kafka redis >"$2" 2>&1 || { tail -n 20 "$2" >&2; return 1; }
  local healthy
  for _ in $(seq 120); do
    healthy=$(docker ps -a --filter "label=com.docker.compose.project=$1" --format '{{.Status}}' \
      | grep -c '(healthy)' || true)
    [ "$healthy" = 3 ] && return 0
    sleep 1 # spaces the checks of PostgreSQL's, Kafka's and Redis' health
  done
  docker ps -a --filter "label=com.docker.compose.project=$1" --format '{{.Names}} {{.Status}}' >&2
  echo "scratch platform $1: PostgreSQL, Kafka and Redis not all healthy within 2 minutes" >&2
  return 1
}
scratch_down() {
  compose "${scratch_files[@]}" down --volumes --remove-orphans >/dev/null 2>&1 || true
}
