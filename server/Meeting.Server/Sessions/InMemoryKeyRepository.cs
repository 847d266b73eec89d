using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Meeting.Server.Sessions;

/// <summary>
/// The single-node home of the Data Protection key ring. Sessions live in memory too, so a key
/// that outlived the process would protect nothing; with sites sharing sessions the ring moves
/// to the shared store instead, so that every site can read every token.
/// </summary>
internal sealed class InMemoryKeyRepository : IXmlRepository
{
    private readonly Lock _gate = new();
    private readonly List<XElement> _elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_gate)
        {
            return _elements.Select(e => new XElement(e)).ToArray();
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        lock (_gate)
        {
            _elements.Add(new XElement(element));
        }
    }
}
