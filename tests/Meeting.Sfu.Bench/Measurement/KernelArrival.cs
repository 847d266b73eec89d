using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Meeting.Sfu.Bench.Measurement;

/// <summary>
/// Receives a datagram with the time the kernel queued it on the socket (SO_TIMESTAMPNS, socket(7)),
/// so a receiver's delay is measured at its socket and not at the moment its thread got a CPU: on a
/// shared 2-core box that moment is mostly scheduler delay of the bench's own receivers, which a
/// browser on another machine does not add to the SFU. The clock is CLOCK_REALTIME, as the kernel
/// stamps it; <see cref="NowNanoseconds"/> reads the same clock for the sender's stamp. Linux only
/// (the bench reads /proc already). Nothing here allocates per datagram.
/// </summary>
internal sealed unsafe class KernelArrival : IDisposable
{
    private const int SolSocket = 1;
    private const int SoTimestampNs = 35;
    private const int ScmTimestampNs = SoTimestampNs;
    private const int MsgDontWait = 0x40;
    private const int ControlSize = 64;
    // struct msghdr and struct cmsghdr on LP64 Linux.
    private const int IovOffset = 16;
    private const int IovLengthOffset = 24;
    private const int ControlOffset = 32;
    private const int ControlLengthOffset = 40;
    private const int MessageHeaderSize = 56;
    private const int CmsgDataOffset = 16;

    private readonly Socket _socket;
    private readonly byte* _header;
    private bool _handleHeld;

    public KernelArrival(Socket socket)
    {
        _socket = socket;
        socket.SetRawSocketOption(SolSocket, SoTimestampNs, BitConverter.GetBytes(1));
        socket.SafeHandle.DangerousAddRef(ref _handleHeld);
        // msghdr, one iovec and the control buffer in one native block.
        _header = (byte*)NativeMemory.AllocZeroed(MessageHeaderSize + 16 + ControlSize);
    }

    /// <summary>Nanoseconds since the Unix epoch on CLOCK_REALTIME, the clock of the kernel's stamps.</summary>
    public static long NowNanoseconds() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>Reads one queued datagram into <paramref name="buffer"/> without blocking; -1 when none was
    /// queued. <paramref name="arrived"/> is the kernel's stamp (0 if it gave none).</summary>
    public int Receive(byte[] buffer, out long arrived)
    {
        arrived = 0;
        var iov = _header + MessageHeaderSize;
        var control = iov + 16;
        fixed (byte* data = buffer)
        {
            *(byte**)iov = data;
            *(nuint*)(iov + 8) = (nuint)buffer.Length;
            *(byte**)(_header + IovOffset) = iov;
            *(nuint*)(_header + IovLengthOffset) = 1;
            *(byte**)(_header + ControlOffset) = control;
            *(nuint*)(_header + ControlLengthOffset) = ControlSize;
            var length = (int)RecvMsg((int)_socket.SafeHandle.DangerousGetHandle(), _header, MsgDontWait);
            if (length < 0)
            {
                return -1;
            }

            var controlLength = (long)*(nuint*)(_header + ControlLengthOffset);
            var cmsg = control;
            while (cmsg + CmsgDataOffset <= control + controlLength)
            {
                var cmsgLength = (long)*(nuint*)cmsg;
                if (cmsgLength < CmsgDataOffset)
                {
                    break;
                }

                if (*(int*)(cmsg + 8) == SolSocket && *(int*)(cmsg + 12) == ScmTimestampNs)
                {
                    // struct timespec { long tv_sec; long tv_nsec; }
                    arrived = *(long*)(cmsg + CmsgDataOffset) * 1_000_000_000 + *(long*)(cmsg + CmsgDataOffset + 8);
                    break;
                }

                cmsg += (cmsgLength + 7) & ~7L;
            }

            return length;
        }
    }

    public void Dispose()
    {
        NativeMemory.Free(_header);
        if (_handleHeld)
        {
            _handleHeld = false;
            _socket.SafeHandle.DangerousRelease();
        }
    }

    [DllImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static extern nint RecvMsg(int fd, byte* message, int flags);
}
