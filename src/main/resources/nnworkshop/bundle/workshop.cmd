@echo off
rem nn-workshop from the classroom bundle: Java 17 is all it needs (no Maven, no npm, no network).
rem   workshop run --quick      workshop doctor      workshop --help
setlocal
set "DIR=%~dp0"
set "DIR=%DIR:~0,-1%"
set "JAVA=java"
if defined JAVA_HOME if exist "%JAVA_HOME%\bin\java.exe" set "JAVA=%JAVA_HOME%\bin\java.exe"
if not defined NNWORKSHOP_DATA set "NNWORKSHOP_DATA=%DIR%\data"
rem The flags of ./workshop; the two CompileCommand ones with a * quoted (the java launcher would
rem expand the * unquoted, and cmd.exe could split them at the commas).
"%JAVA%" -Xmx1g -Xmn24m -XX:+UseParallelGC -Djava.awt.headless=true --add-modules jdk.incubator.vector "-XX:ErrorFile=%TEMP%\nn-workshop-hs_err_pid%%p.log" "-XX:ReplayDataFile=%TEMP%\nn-workshop-replay_pid%%p.log" -XX:CompileCommand=quiet "-XX:CompileCommand=CompileThresholdScaling,nnworkshop.tensor.kernel.*::*,0.1" "-XX:CompileCommand=dontinline,nnworkshop.tensor.kernel.*::*" -Dnnworkshop.bundle="%DIR%" %WORKSHOP_JAVA_OPTS% -cp "%DIR%\lib\*" nnworkshop.cli.Main %*
exit /b %ERRORLEVEL%
