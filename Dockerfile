# The OrderSaga API. Build from the repository root: docker build -t ordersaga .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish Orders.Api -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
# librdkafka-dev for the Kafka client: .NET loads librdkafka.so, which only the -dev package provides.
RUN apt-get update \
    && apt-get install -y --no-install-recommends librdkafka-dev curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://0.0.0.0:8080
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "Orders.Api.dll"]
