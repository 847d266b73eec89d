using System.Runtime.Versioning;

// The kit is a bash script driving Linux processes (signals, /proc, setsid): these tests are Linux only.
[assembly: SupportedOSPlatform("linux")]
