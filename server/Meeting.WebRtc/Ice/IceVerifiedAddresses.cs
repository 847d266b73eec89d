using System.Net;

namespace Meeting.WebRtc.Ice;

/// <summary>The remote addresses from which a valid check arrived, most recently checked last,
/// bounded by evicting the least recently checked.</summary>
internal sealed class IceVerifiedAddresses
{
    private readonly List<IPEndPoint> _addresses;
    private readonly int _capacity;

    public IceVerifiedAddresses(int capacity)
    {
        _capacity = capacity;
        _addresses = new List<IPEndPoint>(capacity);
    }

    public int Count => _addresses.Count;

    public bool Contains(IPEndPoint remote) => _addresses.Contains(remote);

    /// <summary>Marks <paramref name="remote"/> as just checked (the caller passes its own copy).</summary>
    public void Touch(IPEndPoint remote)
    {
        int index = _addresses.IndexOf(remote);
        if (index >= 0)
        {
            _addresses.RemoveAt(index);
        }
        else if (_addresses.Count == _capacity)
        {
            _addresses.RemoveAt(0);
        }

        _addresses.Add(remote);
    }
}
