#!/usr/bin/env bash
# Checks what the Redis nodes and the sentinels say about who is master, as `kit status` collected it:
#
#   redis-sentinel/roles-check.sh NODE...
#     a data node:  NAME@HOST:PORT=master | NAME@HOST:PORT=replica | NAME@HOST:PORT=unreachable
#     a sentinel:   NAME=HOST:PORT (the master it names) | NAME=unreachable
#
# Prints one line per problem and exits 1 if there is any: two data nodes claiming master (split brain:
# writes to the wrong one are lost when Sentinel demotes it), sentinels naming different masters, or
# the sentinels' master not claiming to be master. Prints nothing and exits 0 when all agree.
set -euo pipefail

masters=() master_addresses=() named=() status=0
for node in "$@"; do
  name=${node%%=*} value=${node#*=}
  if [[ $name == *@* ]]; then
    if [ "$value" = master ]; then
      masters+=("${name%%@*}")
      master_addresses+=("${name#*@}")
    fi
  elif [ "$value" != unreachable ]; then
    named+=("$name=$value")
  fi
done

if [ ${#masters[@]} -gt 1 ]; then
  echo "SPLIT BRAIN: ${#masters[@]} nodes claim master: ${masters[*]} (${master_addresses[*]})"
  status=1
fi

if [ ${#named[@]} -gt 0 ]; then
  first=${named[0]#*=} agree=true
  for entry in "${named[@]}"; do [ "${entry#*=}" = "$first" ] || agree=false; done
  if [ "$agree" = false ]; then
    echo "SENTINELS DISAGREE on the master: ${named[*]}"
    status=1
  elif [ ${#masters[@]} -gt 0 ] && [[ " ${master_addresses[*]} " != *" $first "* ]]; then
    echo "the sentinels name $first as master, but it does not claim master (${masters[*]} does)"
    status=1
  fi
fi

exit $status
