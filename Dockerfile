# Ferry's image: build with Maven, run on a JRE.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl ops -am package

FROM eclipse-temurin:17-jre
WORKDIR /opt/ferry
COPY --from=build /src/ops/target/ferry.jar /opt/ferry/ferry.jar
COPY --from=build /src/ops/target/lib /opt/ferry/lib
ENV JAVA_OPTS="-Xmx1g -XX:MaxInlineLevel=9 -XX:InlineSmallCode=1000"
EXPOSE 8080
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -cp '/opt/ferry/ferry.jar:/opt/ferry/lib/*' dev.ferry.ops.Main \"$@\"", "ferry"]
CMD ["run", "--config", "/etc/ferry/ferry.yaml", "--state-dir", "/var/lib/ferry"]
