using System.Globalization;
using System.Text;
using System.Xml;

namespace Orders.StateMachine.Flow;

/// <summary>The laid-out flow as a standalone SVG document: boxes for states, labelled arrows for transitions.</summary>
public static class FlowSvg
{
    private const string Namespace = "http://www.w3.org/2000/svg";

    public static string Write(FlowLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var text = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true, NewLineChars = "\n" };
        using (var svg = XmlWriter.Create(text, settings))
        {
            svg.WriteStartElement("svg", Namespace);
            Attributes(svg, ("width", layout.Width), ("height", layout.Height), ("viewBox", $"0 0 {layout.Width} {layout.Height}"),
                ("font-family", "Helvetica, Arial, sans-serif"), ("role", "img"));
            svg.WriteElementString("title", Namespace, "The checkout flow of OrderStateMachine");
            WriteArrowHead(svg);
            svg.WriteStartElement("rect", Namespace);
            Attributes(svg, ("width", layout.Width), ("height", layout.Height), ("fill", "#ffffff"));
            svg.WriteEndElement();
            foreach (var edge in layout.Edges)
                WriteEdge(svg, edge);
            foreach (var edge in layout.Edges)
                WriteLabel(svg, edge);
            foreach (var node in layout.Nodes)
                WriteNode(svg, node);
            svg.WriteEndElement();
        }

        return text.Append('\n').ToString();
    }

    private static void WriteArrowHead(XmlWriter svg)
    {
        svg.WriteStartElement("defs", Namespace);
        svg.WriteStartElement("marker", Namespace);
        Attributes(svg, ("id", "arrow"), ("viewBox", "0 0 10 10"), ("refX", 10), ("refY", 5), ("markerUnits", "userSpaceOnUse"), ("markerWidth", 9), ("markerHeight", 9), ("orient", "auto-start-reverse"));
        svg.WriteStartElement("path", Namespace);
        Attributes(svg, ("d", "M 0 0 L 10 5 L 0 10 z"), ("fill", "#57606a"));
        svg.WriteEndElement();
        svg.WriteEndElement();
        svg.WriteEndElement();
    }

    private static void WriteEdge(XmlWriter svg, FlowEdge edge)
    {
        svg.WriteStartElement("path", Namespace);
        Attributes(svg, ("d", edge.Path), ("fill", "none"), ("stroke", "#57606a"), ("stroke-width", "1.5"), ("marker-end", "url(#arrow)"));
        svg.WriteElementString("title", Namespace, $"{edge.From} to {edge.To} on {edge.Label}");
        svg.WriteEndElement();
    }

    private static void WriteLabel(XmlWriter svg, FlowEdge edge)
    {
        var width = FlowLayout.LabelWidth(edge.Label);
        svg.WriteStartElement("rect", Namespace);
        Attributes(svg, ("x", edge.LabelX - (width / 2)), ("y", edge.LabelY - (FlowLayout.LabelHeight / 2)), ("width", width), ("height", FlowLayout.LabelHeight), ("rx", 3), ("fill", "#ffffff"), ("fill-opacity", "0.9"));
        svg.WriteEndElement();
        svg.WriteStartElement("text", Namespace);
        Attributes(svg, ("x", edge.LabelX), ("y", edge.LabelY + 4), ("text-anchor", "middle"), ("font-size", 11), ("fill", "#24292f"));
        svg.WriteString(edge.Label);
        svg.WriteEndElement();
    }

    private static void WriteNode(XmlWriter svg, FlowNode node)
    {
        if (node.IsStart)
        {
            svg.WriteStartElement("circle", Namespace);
            Attributes(svg, ("cx", node.CenterX), ("cy", node.CenterY), ("r", node.Width / 2), ("fill", "#1b1f24"));
            svg.WriteElementString("title", Namespace, $"{node.State}: where every checkout starts");
            svg.WriteEndElement();
            return;
        }

        var (fill, stroke) = node.Row == 0 ? ("#dafbe1", "#1a7f37") : node.IsEnd ? ("#ffebe9", "#cf222e") : ("#fff4d6", "#9a6700");
        svg.WriteStartElement("rect", Namespace);
        Attributes(svg, ("x", node.X), ("y", node.Y), ("width", node.Width), ("height", node.Height), ("rx", 8),
            ("fill", fill), ("stroke", stroke), ("stroke-width", node.IsEnd ? 3 : 1.5));
        svg.WriteEndElement();
        svg.WriteStartElement("text", Namespace);
        Attributes(svg, ("x", node.CenterX), ("y", node.CenterY + 5), ("text-anchor", "middle"), ("font-size", 14), ("font-weight", "bold"), ("fill", "#1b1f24"));
        svg.WriteString(node.State);
        svg.WriteEndElement();
    }

    private static void Attributes(XmlWriter svg, params (string Name, object Value)[] attributes)
    {
        foreach (var (name, value) in attributes)
            svg.WriteAttributeString(name, Convert.ToString(value, CultureInfo.InvariantCulture));
    }
}
