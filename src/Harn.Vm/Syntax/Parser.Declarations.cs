namespace Harn.Syntax;

public sealed partial class Parser
{
    private Stmt ParseAttributedDeclaration()
    {
        var attributes = new List<AttributeNode>();
        while (Check(TokenKind.At))
        {
            attributes.Add(ParseAttribute());
            SkipNewlines();
        }

        var start = Current;
        if (start.Kind == TokenKind.Pub)
        {
            return ParsePublicDeclaration(attributes);
        }

        if (start.Kind is TokenKind.Pipeline or TokenKind.Fn or TokenKind.Tool or TokenKind.Struct or TokenKind.Enum
            or TokenKind.Type or TokenKind.Interface or TokenKind.Impl
            || (CheckIdentifier("gen") && PeekKind(1) == TokenKind.Fn) || IsSkillStart())
        {
            return ParseDeclaration(attributes, isPublic: false, start);
        }

        throw Error("declaration after attribute");
    }

    private AttributeNode ParseAttribute()
    {
        var at = Advance();
        var name = ExpectName("attribute name");
        var args = new List<AttributeArg>();
        if (Check(TokenKind.LeftParen))
        {
            Advance();
            ParseCommaList(TokenKind.RightParen, () =>
            {
                var argStart = Current.Span;
                string? argName = null;
                if (IsNameToken(0, allowKeywords: true) && PeekKind(1) == TokenKind.Colon)
                {
                    argName = Advance().Text;
                    Advance();
                    SkipNewlines();
                }

                var value = WithStructLiterals(true, ParseExpression);
                args.Add(new AttributeArg(SpanFrom(argStart), argName, value));
            });
        }

        return new AttributeNode(SpanFrom(at.Span), name.Text, args);
    }

    private Stmt ParsePublicDeclaration(List<AttributeNode> attributes)
    {
        var start = Advance();
        SkipNewlines();
        if (Kind is TokenKind.Pipeline or TokenKind.Fn or TokenKind.Tool or TokenKind.Struct or TokenKind.Enum
            or TokenKind.Type or TokenKind.Interface or TokenKind.Impl or TokenKind.Import or TokenKind.EvalPack
            || (CheckIdentifier("gen") && PeekKind(1) == TokenKind.Fn) || IsSkillStart())
        {
            return ParseDeclaration(attributes, isPublic: true, start);
        }

        throw Error("declaration after pub");
    }

    /// <summary>A declaration whose keyword is the current token; <paramref name="start"/> is where it begins (attribute, pub or keyword).</summary>
    private Stmt ParseDeclaration(List<AttributeNode> attributes, bool isPublic, Token start)
    {
        switch (Kind)
        {
            case TokenKind.Fn:
            case TokenKind.Identifier when CheckIdentifier("gen"):
                return ParseFnDecl(attributes, isPublic, start);
            case TokenKind.Identifier:
                return ParseSkill(attributes, isPublic, start);
            case TokenKind.Pipeline:
                return ParsePipeline(attributes, isPublic, start);
            case TokenKind.Import:
                return ParseImport(isPublic, start);
            case TokenKind.Enum:
                return ParseEnum(attributes, isPublic, start);
            case TokenKind.Struct:
                return ParseStruct(attributes, isPublic, start);
            case TokenKind.Interface:
                return ParseInterface(attributes, isPublic, start);
            case TokenKind.Impl:
                return ParseImpl(attributes, start);
            case TokenKind.Type:
                return ParseTypeAlias(attributes, isPublic, start);
            case TokenKind.Tool:
                return ParseTool(attributes, isPublic, start);
            case TokenKind.EvalPack:
                return ParseEvalPack(isPublic, start);
            default:
                throw Error("declaration");
        }
    }

    private FnDecl ParseFnDecl(List<AttributeNode> attributes, bool isPublic, Token start)
    {
        bool isStream = false;
        if (CheckIdentifier("gen"))
        {
            Advance();
            isStream = true;
        }

        Expect(TokenKind.Fn, "fn");
        var name = ExpectName("function name");
        var generics = ParseGenericParams();
        var parameters = ParseParameterList();
        var returnType = ParseOptionalReturnType();
        var where = ParseWhereClause();
        var body = ParseBlock();
        return new FnDecl(SpanFrom(start.Span), attributes, isPublic, isStream, name.Text, generics, parameters, returnType, where, body);
    }

    private TypeExpr? ParseOptionalReturnType()
    {
        if (!Match(TokenKind.Arrow))
        {
            return null;
        }

        return ParseType();
    }

    private List<GenericParam> ParseGenericParams()
    {
        var generics = new List<GenericParam>();
        if (!Check(TokenKind.Less))
        {
            return generics;
        }

        Advance();
        ParseCommaList(TokenKind.Greater, () =>
        {
            var paramStart = Current.Span;
            var variance = Variance.Invariant;
            if (Match(TokenKind.In))
            {
                variance = Variance.In;
            }
            else if (CheckIdentifier("out") && PeekKind(1) == TokenKind.Identifier)
            {
                Advance();
                variance = Variance.Out;
            }

            var name = ExpectName("type parameter name");
            generics.Add(new GenericParam(SpanFrom(paramStart), name.Text, variance));
        });
        return generics;
    }

    private List<WhereConstraint> ParseWhereClause()
    {
        var constraints = new List<WhereConstraint>();
        if (!CheckIdentifier("where"))
        {
            return constraints;
        }

        Advance();
        do
        {
            SkipNewlines();
            var name = ExpectName("type parameter name");
            Expect(TokenKind.Colon, ":");
            var bound = ParseType();
            constraints.Add(new WhereConstraint(SpanFrom(name.Span), name.Text, bound));
        }
        while (Match(TokenKind.Comma));

        return constraints;
    }

    /// <summary>`( params )` with types, defaults and a trailing rest parameter.</summary>
    private List<Parameter> ParseParameterList()
    {
        Expect(TokenKind.LeftParen, "(");
        var parameters = new List<Parameter>();
        ParseCommaList(TokenKind.RightParen, () => parameters.Add(ParseParameter(parameters)));
        return parameters;
    }

    /// <summary>`name`, `name: T`, `name = default`, `...rest`; checks that required parameters come first.</summary>
    private Parameter ParseParameter(List<Parameter> previous)
    {
        SkipNewlines();
        var start = Current;
        if (previous.Count > 0 && previous[^1].IsRest)
        {
            throw ErrorMessage($"Rest parameter must be the last parameter at {start.Span.Line}:{start.Span.Column}", start.Span);
        }

        bool isRest = Match(TokenKind.Ellipsis);
        var name = ExpectName("parameter name");
        TypeExpr? type = null;
        if (Match(TokenKind.Colon))
        {
            type = ParseType();
        }

        Expr? defaultValue = null;
        if (!isRest && Match(TokenKind.Assign))
        {
            SkipNewlines();
            defaultValue = WithStructLiterals(true, ParseExpression);
        }
        else if (!isRest && previous.Exists(p => p.Default is not null))
        {
            throw ErrorMessage(
                $"Required parameter cannot follow a parameter with a default value at {name.Span.Line}:{name.Span.Column}",
                name.Span);
        }

        return new Parameter(SpanFrom(start.Span), name.Text, type, defaultValue, isRest);
    }

    /// <summary>
    /// Parses items separated by commas (newlines allowed around them, trailing comma allowed)
    /// up to and including <paramref name="close"/>.
    /// </summary>
    private void ParseCommaList(TokenKind close, Action parseItem)
    {
        using var nesting = Nest();
        while (true)
        {
            SkipNewlines();
            if (Match(close))
            {
                return;
            }

            parseItem();
            SkipNewlines();
            if (Match(close))
            {
                return;
            }

            if (!Match(TokenKind.Comma))
            {
                throw Error(close == TokenKind.Greater ? ", or >" : $", or {CloseText(close)}");
            }
        }
    }

    private static string CloseText(TokenKind close) => close switch
    {
        TokenKind.RightParen => ")",
        TokenKind.RightBracket => "]",
        TokenKind.RightBrace => "}",
        _ => close.ToString(),
    };

    private PipelineDecl ParsePipeline(List<AttributeNode> attributes, bool isPublic, Token start)
    {
        Advance();
        var name = ExpectName("pipeline name");
        var parameters = Check(TokenKind.LeftParen) ? ParseParameterList() : [];
        var returnType = ParseOptionalReturnType();
        string? extends = null;
        if (Match(TokenKind.Extends))
        {
            extends = ExpectName("parent pipeline name").Text;
        }

        var body = ParseBlock();
        return new PipelineDecl(SpanFrom(start.Span), attributes, isPublic, name.Text, parameters, returnType, extends, body);
    }

    private OverrideDecl ParseOverride()
    {
        var start = Advance();
        var name = ExpectName("override name");
        var parameters = Check(TokenKind.LeftParen) ? ParseParameterList() : [];
        var body = ParseBlock();
        return new OverrideDecl(SpanFrom(start.Span), name.Text, parameters, body);
    }

    private ImportDecl ParseImport(bool isPublic, Token start)
    {
        Advance();
        List<string>? names = null;
        if (Check(TokenKind.LeftBrace))
        {
            Advance();
            names = [];
            ParseCommaList(TokenKind.RightBrace, () => names.Add(ExpectName("imported name").Text));
            Expect(TokenKind.From, "from");
        }

        var path = Expect(TokenKind.String, "import path string");
        return new ImportDecl(SpanFrom(start.Span), isPublic, path.Text, names);
    }

    private EnumDecl ParseEnum(List<AttributeNode> attributes, bool isPublic, Token start)
    {
        Advance();
        var name = ExpectName("enum name");
        var generics = ParseGenericParams();
        Expect(TokenKind.LeftBrace, "{");
        var variants = new List<EnumVariant>();
        while (true)
        {
            SkipSeparators();
            if (Match(TokenKind.RightBrace))
            {
                break;
            }

            var variant = ExpectName("enum variant name");
            var fields = Check(TokenKind.LeftParen) ? ParseParameterList() : [];
            variants.Add(new EnumVariant(SpanFrom(variant.Span), variant.Text, fields));
            if (!Check(TokenKind.Comma) && !Check(TokenKind.Newline) && !Check(TokenKind.Semicolon) && !Check(TokenKind.RightBrace))
            {
                throw Error(", or }");
            }
        }

        return new EnumDecl(SpanFrom(start.Span), attributes, isPublic, name.Text, generics, variants);
    }

    /// <summary>Skips newlines, commas and semicolons between members of a declaration body.</summary>
    private void SkipSeparators()
    {
        while (Kind is TokenKind.Newline or TokenKind.Comma or TokenKind.Semicolon)
        {
            Advance();
        }
    }

    private StructDecl ParseStruct(List<AttributeNode> attributes, bool isPublic, Token start)
    {
        Advance();
        var name = ExpectName("struct name");
        var generics = ParseGenericParams();
        Expect(TokenKind.LeftBrace, "{");
        var fields = new List<StructField>();
        while (true)
        {
            SkipSeparators();
            if (Match(TokenKind.RightBrace))
            {
                break;
            }

            var field = ExpectName("field name", allowKeywords: true);
            bool optional = Match(TokenKind.Question);
            TypeExpr? type = null;
            if (Match(TokenKind.Colon))
            {
                type = ParseType();
            }

            fields.Add(new StructField(SpanFrom(field.Span), field.Text, optional, type));
            if (!Check(TokenKind.Comma) && !Check(TokenKind.Newline) && !Check(TokenKind.Semicolon) && !Check(TokenKind.RightBrace))
            {
                throw Error(", or }");
            }
        }

        return new StructDecl(SpanFrom(start.Span), attributes, isPublic, name.Text, generics, fields);
    }

    private ImplDecl ParseImpl(List<AttributeNode> attributes, Token start)
    {
        Advance();
        var name = ExpectName("type name");
        Expect(TokenKind.LeftBrace, "{");
        var methods = new List<FnDecl>();
        while (true)
        {
            SkipSeparators();
            if (Match(TokenKind.RightBrace))
            {
                break;
            }

            var methodStart = Current;
            var methodAttributes = new List<AttributeNode>();
            while (Check(TokenKind.At))
            {
                methodAttributes.Add(ParseAttribute());
                SkipNewlines();
            }

            bool isPublic = Match(TokenKind.Pub);
            if (!Check(TokenKind.Fn) && !CheckIdentifier("gen"))
            {
                throw Error("fn or }");
            }

            methods.Add(ParseFnDecl(methodAttributes, isPublic, methodStart));
        }

        return new ImplDecl(SpanFrom(start.Span), attributes, name.Text, methods);
    }

    private InterfaceDecl ParseInterface(List<AttributeNode> attributes, bool isPublic, Token start)
    {
        Advance();
        var name = ExpectName("interface name");
        var generics = ParseGenericParams();
        Expect(TokenKind.LeftBrace, "{");
        var associated = new List<AssociatedType>();
        var methods = new List<InterfaceMethod>();
        while (true)
        {
            SkipSeparators();
            if (Match(TokenKind.RightBrace))
            {
                break;
            }

            var memberStart = Current;
            if (Match(TokenKind.Type))
            {
                var typeName = ExpectName("associated type name");
                TypeExpr? defaultType = null;
                if (Match(TokenKind.Assign))
                {
                    defaultType = ParseType();
                }

                associated.Add(new AssociatedType(SpanFrom(memberStart.Span), typeName.Text, defaultType));
                continue;
            }

            Expect(TokenKind.Fn, "fn, type or }");
            var methodName = ExpectName("method name");
            var methodGenerics = ParseGenericParams();
            var parameters = ParseParameterList();
            var returnType = ParseOptionalReturnType();
            methods.Add(new InterfaceMethod(SpanFrom(memberStart.Span), methodName.Text, methodGenerics, parameters, returnType));
        }

        return new InterfaceDecl(SpanFrom(start.Span), attributes, isPublic, name.Text, generics, associated, methods);
    }

    private TypeAliasDecl ParseTypeAlias(List<AttributeNode> attributes, bool isPublic, Token start)
    {
        Advance();
        var name = ExpectName("type name");
        var generics = ParseGenericParams();
        Expect(TokenKind.Assign, "=");
        SkipNewlines();
        var type = ParseType();
        return new TypeAliasDecl(SpanFrom(start.Span), attributes, isPublic, name.Text, generics, type);
    }

    private ToolDecl ParseTool(List<AttributeNode> attributes, bool isPublic, Token start)
    {
        Advance();
        var name = ExpectName("tool name");
        var parameters = ParseParameterList();
        var returnType = ParseOptionalReturnType();
        var open = Expect(TokenKind.LeftBrace, "{");
        SkipNewlines();
        Expr? description = null;
        if (CheckIdentifier("description") && PeekKind(1) is TokenKind.String or TokenKind.InterpolatedString)
        {
            Advance();
            description = ParsePrimary();
            ExpectStatementSeparator(topLevel: false);
        }

        var statements = new List<Stmt>();
        ParseStatementList(statements, topLevel: false);
        Expect(TokenKind.RightBrace, "}");
        var body = new Block(SpanFrom(open.Span), statements);
        return new ToolDecl(SpanFrom(start.Span), attributes, isPublic, name.Text, parameters, returnType, description, body);
    }

    /// <summary>`skill NAME { field expr; ... }`.</summary>
    private SkillDecl ParseSkill(List<AttributeNode> attributes, bool isPublic, Token start)
    {
        Advance();
        var name = ExpectName("skill name");
        Expect(TokenKind.LeftBrace, "{");
        var fields = new List<NamedField>();
        while (true)
        {
            SkipNewlines();
            if (Match(TokenKind.RightBrace))
            {
                break;
            }

            int fieldStart = _pos;
            try
            {
                var field = ExpectName("skill field name", allowKeywords: true);
                var value = WithStructLiterals(true, ParseExpression);
                fields.Add(new NamedField(SpanFrom(field.Span), field.Text, value));
                ExpectStatementSeparator(topLevel: false);
            }
            catch (ParseError error) when (!error.Fatal)
            {
                Report(error.Diagnostic);
                Synchronize(fieldStart, topLevel: false);
            }
        }

        return new SkillDecl(SpanFrom(start.Span), attributes, isPublic, name.Text, fields);
    }

    /// <summary>`eval_pack [name] ["id"] { field: expr ... statements ... summarize { } }`.</summary>
    private EvalPackDecl ParseEvalPack(bool isPublic, Token start)
    {
        Advance();
        string? name = null;
        Expr? id = null;
        if (Check(TokenKind.Identifier))
        {
            name = Advance().Text;
        }

        if (Check(TokenKind.String) || Check(TokenKind.InterpolatedString))
        {
            id = ParsePrimary();
        }

        if (name is null && id is null)
        {
            throw Error("eval pack name or id");
        }

        Expect(TokenKind.LeftBrace, "{");
        var fields = new List<NamedField>();
        var statements = new List<Stmt>();
        Block? summarize = null;
        while (true)
        {
            SkipNewlines();
            if (Match(TokenKind.RightBrace))
            {
                break;
            }

            if (Check(TokenKind.Eof))
            {
                throw Error("}");
            }

            int itemStart = _pos;
            try
            {
                if (IsNameToken(0, allowKeywords: true) && PeekKind(1) == TokenKind.Colon)
                {
                    var field = Advance();
                    Advance();
                    SkipNewlines();
                    var value = WithStructLiterals(true, ParseExpression);
                    fields.Add(new NamedField(SpanFrom(field.Span), field.Text, value));
                }
                else if (CheckIdentifier("summarize") && PeekKind(1) == TokenKind.LeftBrace)
                {
                    Advance();
                    summarize = ParseBlock();
                }
                else
                {
                    statements.Add(ParseStatement());
                }

                ExpectStatementSeparator(topLevel: false);
            }
            catch (ParseError error) when (!error.Fatal)
            {
                Report(error.Diagnostic);
                Synchronize(itemStart, topLevel: false);
            }
        }

        return new EvalPackDecl(SpanFrom(start.Span), isPublic, name, id, fields, statements, summarize);
    }
}
