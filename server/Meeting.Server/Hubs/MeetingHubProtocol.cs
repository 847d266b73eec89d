using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Hubs;

/// <summary>
/// SignalR's JSON hub protocol with coded answers for invocations it cannot bind. Hub filters never see
/// those: SignalR answers them itself with an uncoded "Failed to invoke" completion. Its parser also closes
/// the whole connection on a record nesting deeper than 64 levels, where one malformed call should only
/// fail that call. This wrapper turns both into an <see cref="InvocationBindingFailureMessage"/> carrying a
/// <see cref="MeetingHubException"/>, whose message SignalR passes to the caller even without detailed
/// errors: <c>invalid_payload</c> for nesting beyond <see cref="MaxArgumentNesting"/>, <c>invalid_message</c>
/// for a wrong argument count or type or an unknown method.
/// </summary>
/// <remarks>Hub protocol: https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md</remarks>
internal sealed class MeetingHubProtocol : IHubProtocol
{
    /// <summary>How deeply an argument (a Signal payload) may nest. Offers, answers and candidates nest two
    /// levels; the relayed copy adds three more, well under the serializer's 64.</summary>
    public const int MaxArgumentNesting = 32;

    private const byte RecordSeparator = 0x1e;
    private const int InvocationMessageType = 1;

    // The record's own object and its arguments array.
    private const int MaxRecordNesting = MaxArgumentNesting + 2;

    private readonly JsonHubProtocol _json;

    public MeetingHubProtocol(IOptions<JsonHubProtocolOptions> options) => _json = new JsonHubProtocol(options);

    public string Name => _json.Name;

    public int Version => _json.Version;

    public TransferFormat TransferFormat => _json.TransferFormat;

    public bool IsVersionSupported(int version) => _json.IsVersionSupported(version);

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        if (input.PositionOf(RecordSeparator) is { } end)
        {
            var record = input.Slice(0, end);
            if (JsonNesting.Exceeds(record, MaxRecordNesting)
                && JsonNesting.TryReadInvocation(record, out var type, out var invocationId, out var target)
                && type == InvocationMessageType && target is not null)
            {
                input = input.Slice(input.GetPosition(1, end));
                message = Refuse(invocationId, target, MeetingErrorCodes.InvalidPayload, $"an argument nests at most {MaxArgumentNesting} levels of objects and arrays");
                return true;
            }
        }

        if (!_json.TryParseMessage(ref input, binder, out message))
        {
            return false;
        }

        if (message is InvocationBindingFailureMessage failure)
        {
            message = Refuse(failure.InvocationId, failure.Target, MeetingErrorCodes.InvalidMessage, Describe(failure));
        }

        return true;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _json.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _json.GetMessageBytes(message);

    private static InvocationBindingFailureMessage Refuse(string? invocationId, string target, string code, string detail)
        => new(invocationId, target, ExceptionDispatchInfo.Capture(new MeetingHubException(code, detail)));

    /// <summary>The binder's own wording for a count or type mismatch is fixed text, safe to pass on; the
    /// method's name is the caller's and is not repeated back.</summary>
    private static string Describe(InvocationBindingFailureMessage failure) => failure.BindingFailure.SourceException switch
    {
        InvalidDataException invalid => $"the arguments do not match the method's parameters ({invalid.Message})",
        HubException => "the hub has no such method",
        _ => "the call could not be read",
    };
}
