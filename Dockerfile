# Ferry's image: build with Maven, run on a JRE as an unprivileged user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies in their own layer: only the POMs first, then a build of the empty modules, which
# downloads every plugin and dependency. A change to the sources reuses this layer.
COPY pom.xml ./
COPY schemas/pom.xml schemas/
COPY capture/pom.xml capture/
COPY transform/pom.xml transform/
COPY sink/pom.xml sink/
COPY ops/pom.xml ops/
COPY tests/pom.xml tests/
RUN mvn -B -q -DskipTests -pl ops -am package
COPY . .
RUN mvn -B -q -DskipTests -pl ops -am package

FROM eclipse-temurin:17-jre
# An unprivileged user owns the state directory (Kafka Streams' local state); nothing runs as root.
RUN groupadd --system --gid 10001 ferry \
 && useradd --system --uid 10001 --gid ferry --home-dir /var/lib/ferry --shell /usr/sbin/nologin ferry \
 && mkdir -p /var/lib/ferry /etc/ferry \
 && chown ferry:ferry /var/lib/ferry
WORKDIR /opt/ferry
COPY --from=build /src/ops/target/lib /opt/ferry/lib
COPY --from=build /src/ops/target/ferry.jar /opt/ferry/ferry.jar
ENV JAVA_OPTS="-Xmx1g -XX:MaxInlineLevel=9 -XX:InlineSmallCode=1000"
USER 10001:10001
VOLUME ["/var/lib/ferry"]
EXPOSE 8080
# /health answers 200 while every stage works, 503 once one has FAILED. bash's /dev/tcp, since the
# JRE image has neither curl nor wget; FERRY_HTTP_PORT when http.port is not 8080.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${FERRY_HTTP_PORT:-8080} && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -cp '/opt/ferry/ferry.jar:/opt/ferry/lib/*' dev.ferry.ops.Main \"$@\"", "ferry"]
CMD ["run", "--config", "/etc/ferry/ferry.yaml", "--state-dir", "/var/lib/ferry"]
