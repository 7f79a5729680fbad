using System.Runtime.CompilerServices;

// The native tests reach LinuxKernel's PathPolicy seam to issue an ioctl on /dev/null, which the default policy
// (rightly) refuses to open.
[assembly: InternalsVisibleTo("BoardAgent.Tests")]
