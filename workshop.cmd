@echo off
rem nn-workshop launcher for Windows: builds the project with Maven when the jar or its libraries
rem are missing (or when WORKSHOP_REBUILD is set), then runs the CLI. Every argument goes to the
rem program:   workshop --help      workshop help <command>      workshop run
rem Environment: JAVA_HOME (a JDK 17+), WORKSHOP_JAVA_OPTS (extra JVM flags), NNWORKSHOP_DATA.
setlocal EnableDelayedExpansion
set "ROOT=%~dp0"
set "ROOT=%ROOT:~0,-1%"
set "JAR=%ROOT%\target\nn-workshop.jar"

if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" (set "JAVA=%JAVA_HOME%\bin\java.exe") else (set "JAVA=java")
if not defined JAVA set "JAVA=java"
where /q "%JAVA%" 2>nul || if not exist "%JAVA%" (
  echo workshop: Java 17 or newer is needed but 'java' was not found: install a JDK 17 and set JAVA_HOME 1>&2
  exit /b 2
)
set "VERSION="
for /f "tokens=3" %%v in ('"%JAVA%" -version 2^>^&1 ^| findstr /i "version"') do set "VERSION=%%~v"
for /f "delims=." %%m in ("%VERSION%") do set "MAJOR=%%m"
if not defined MAJOR set "MAJOR=0"
if %MAJOR% LSS 17 (
  echo workshop: Java 17 or newer is needed, found '%VERSION%' at %JAVA%: install a JDK 17 or set JAVA_HOME 1>&2
  exit /b 2
)

set "BUILD="
if not exist "%JAR%" set "BUILD=1"
if not exist "%ROOT%\target\lib" set "BUILD=1"
if defined WORKSHOP_REBUILD set "BUILD=1"
if defined BUILD (
  where /q mvn || (
    echo workshop: Maven is needed to build the project but 'mvn' was not found: install Maven 3.8+ 1>&2
    exit /b 2
  )
  echo workshop: building the project ^(mvn -B -q -DskipTests package^)... 1>&2
  pushd "%ROOT%"
  call mvn -B -q -DskipTests package
  set "RC=!ERRORLEVEL!"
  popd
  if not "!RC!"=="0" (
    echo workshop: the build failed ^(output above^); run 'mvn -B package' in %ROOT% to see everything 1>&2
    exit /b 2
  )
)

rem The same JVM flags as ./workshop (see the comments there). The two CompileCommand flags with a *
rem are quoted: unquoted, the java launcher would expand the * and cmd.exe could split them at the commas.
"%JAVA%" -Xmx1g -Xmn24m -XX:+UseParallelGC -Djava.awt.headless=true --add-modules jdk.incubator.vector -XX:CompileCommand=quiet "-XX:CompileCommand=CompileThresholdScaling,nnworkshop.tensor.kernel.*::*,0.1" "-XX:CompileCommand=dontinline,nnworkshop.tensor.kernel.*::*" %WORKSHOP_JAVA_OPTS% -cp "%JAR%;%ROOT%\target\lib\*" nnworkshop.cli.Main %*
exit /b %ERRORLEVEL%
