#!/usr/bin/env bash
# Kafka's own console tools against the local broker (up.sh's on 127.0.0.1:9092; WK_KAFKA_BOOTSTRAP to change):
#   deploy/local/kafka.sh produce TOPIC [options]   one record per stdin line: HEADERS<TAB>KEY<TAB>VALUE, where
#                                                   HEADERS is name:value,name:value (ConsoleProducer)
#   deploy/local/kafka.sh consume TOPIC [options]   prints headers, key and value from the beginning (ConsoleConsumer)
#   deploy/local/kafka.sh topics [options]          --list unless options are given (kafka-topics)
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
bootstrap="${WK_KAFKA_BOOTSTRAP:-127.0.0.1:9092}"
command="${1:-}"
shift || true
cp="$(fetch_kafka)/*"
quiet=(-Dlog4j2.level=warn)
case "$command" in
  produce)
    topic="${1:?usage: kafka.sh produce TOPIC}"; shift
    exec java "${quiet[@]}" -cp "$cp" org.apache.kafka.tools.ConsoleProducer --bootstrap-server "$bootstrap" \
      --topic "$topic" --reader-property parse.headers=true --reader-property parse.key=true "$@" ;;
  consume)
    topic="${1:?usage: kafka.sh consume TOPIC}"; shift
    exec java "${quiet[@]}" -cp "$cp" org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$bootstrap" \
      --topic "$topic" --from-beginning --formatter-property print.headers=true --formatter-property print.key=true "$@" ;;
  topics)
    [ $# -gt 0 ] || set -- --list
    exec java "${quiet[@]}" -cp "$cp" org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" "$@" ;;
  *) die "usage: kafka.sh produce TOPIC | consume TOPIC | topics [options]" ;;
esac
