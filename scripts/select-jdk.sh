# Sourced: export JAVA_HOME as a JDK 21+ if the current one is older (or unset).
# Prefers an already-set JAVA_HOME, then the newest JDK under /usr/lib/jvm.
jdk_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1; }
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(jdk_major "$JAVA_HOME")" -lt 21 ]; then
  best=""; best_v=0
  for d in /usr/lib/jvm/*/; do
    d=${d%/}
    [ -x "$d/bin/javac" ] || continue
    v=$(jdk_major "$d")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best=$d; best_v=$v; fi
  done
  if [ -z "$best" ]; then
    echo "no JDK 21+ found under /usr/lib/jvm: install one and set JAVA_HOME" >&2
    return 1 2>/dev/null || exit 1
  fi
  export JAVA_HOME=$best
fi
export PATH="$JAVA_HOME/bin:$PATH"
