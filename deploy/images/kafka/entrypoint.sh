#!/bin/bash
# Writes the broker's configuration, formats its storage on the first start, and runs it in the foreground.
#   KAFKA_NODE_ID                  this node's id (1)
#   KAFKA_CONTROLLER_QUORUM_VOTERS the KRaft controllers, id@host:9093,... (1@localhost:9093: a single node)
#   KAFKA_ADVERTISED_LISTENERS     what clients are told (INTERNAL://<host>:9092,EXTERNAL://localhost:29092)
#   KAFKA_CLUSTER_ID               the same on every node of a cluster (22 characters, base64url of 16 bytes)
#   KAFKA_REPLICATION_FACTOR       internal topics' replication and the default for new topics (1)
#   KAFKA_HEAP_OPTS                heap flags (-Xms128m -Xmx512m)
#   KAFKA_CFG_<NAME>               any other broker property: KAFKA_CFG_LOG_RETENTION_HOURS=24 sets log.retention.hours
set -euo pipefail
node_id=${KAFKA_NODE_ID:-1}
replication=${KAFKA_REPLICATION_FACTOR:-1}
min_isr=$(( replication > 1 ? 2 : 1 ))
config=/var/lib/kafka/server.properties
{
  echo "process.roles=broker,controller"
  echo "node.id=$node_id"
  echo "controller.quorum.voters=${KAFKA_CONTROLLER_QUORUM_VOTERS:-$node_id@localhost:9093}"
  echo "listeners=INTERNAL://:9092,EXTERNAL://:29092,CONTROLLER://:9093"
  echo "advertised.listeners=${KAFKA_ADVERTISED_LISTENERS:-INTERNAL://localhost:9092,EXTERNAL://localhost:29092}"
  echo "listener.security.protocol.map=INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT"
  echo "inter.broker.listener.name=INTERNAL"
  echo "controller.listener.names=CONTROLLER"
  echo "log.dirs=/var/lib/kafka/data"
  echo "offsets.topic.replication.factor=$replication"
  echo "transaction.state.log.replication.factor=$replication"
  echo "transaction.state.log.min.isr=$min_isr"
  echo "share.coordinator.state.topic.replication.factor=$replication"
  echo "share.coordinator.state.topic.min.isr=$min_isr"
  echo "default.replication.factor=$replication"
  echo "min.insync.replicas=$min_isr"
  echo "group.initial.rebalance.delay.ms=0"
  env | sed -n 's/^KAFKA_CFG_\([A-Z0-9_]*\)=\(.*\)$/\1=\2/p' | while IFS='=' read -r name value; do
    echo "$(echo "$name" | tr 'A-Z_' 'a-z.')=$value"
  done
} > "$config"
classpath="/opt/kafka/libs/*"
logging="-Dlog4j2.configurationFile=/opt/kafka/config/log4j2.properties"
if [ ! -f /var/lib/kafka/data/meta.properties ]; then
  java $logging -cp "$classpath" kafka.tools.StorageTool format --ignore-formatted \
    -t "${KAFKA_CLUSTER_ID:-YXRyaXVtLWthZmthLWNsdQ}" -c "$config"
fi
# shellcheck disable=SC2086 # the heap flags are words
exec java ${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m} -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError $logging \
  -cp "$classpath" kafka.Kafka "$config"
