using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Meeting.WebRtc.Tests.Sdp;

/// <summary>Writes every public property of a model, recursively, one per line, so that two models can be
/// compared field by field (and a failing comparison shows where they differ) without hand-written
/// equality that would go stale when members are added.</summary>
internal static class ModelDump
{
    public static string Of(object? model)
    {
        var text = new StringBuilder();
        Write(text, "", model);
        return text.ToString();
    }

    private static void Write(StringBuilder text, string path, object? value)
    {
        switch (value)
        {
            case null:
                text.Append(path).Append(" = null\n");
                return;
            case string s:
                text.Append(path).Append(" = \"").Append(s).Append("\"\n");
                return;
            case byte[] bytes:
                text.Append(path).Append(" = ").Append(Convert.ToHexString(bytes)).Append('\n');
                return;
            case IFormattable or bool or Enum:
                text.Append(path).Append(" = ").Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append('\n');
                return;
            case IEnumerable sequence:
                var index = 0;
                foreach (var item in sequence)
                {
                    Write(text, $"{path}[{index++}]", item);
                }

                text.Append(path).Append(".Count = ").Append(index).Append('\n');
                return;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.Name != "EqualityContract")
            {
                Write(text, path + "." + property.Name, property.GetValue(value));
            }
        }
    }
}
