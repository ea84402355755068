# escape=`
# A Windows-style Dockerfile: backtick escape, CRLF line breaks.
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN powershell -Command `
    New-Item -ItemType Directory C:\app ; `
    Write-Host done
COPY app C:\app\
WORKDIR C:\app
