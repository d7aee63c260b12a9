# Multi-stage build of the FactCheck API.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props ./
COPY src/FactCheck.Analysis/FactCheck.Analysis.csproj src/FactCheck.Analysis/
COPY src/FactCheck.Api/FactCheck.Api.csproj src/FactCheck.Api/
# linux-x64 only: the ONNX Runtime package carries native libraries for every platform (about 243 MB more).
RUN dotnet restore src/FactCheck.Api/FactCheck.Api.csproj -r linux-x64
COPY src/ src/
RUN dotnet publish src/FactCheck.Api/FactCheck.Api.csproj -c Release -r linux-x64 --self-contained false -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_RUNNING_IN_CONTAINER=true
EXPOSE 8080
USER app
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["dotnet", "FactCheck.Api.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "FactCheck.Api.dll"]
