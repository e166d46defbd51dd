package render

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"
)

// The fast path. html/template spends most of a page's time not in
// escaping but in text/template's general evaluator: every action looks
// its fields up by name and calls its escaper through reflect.Value.Call
// (about 1 µs per action, ~1,000 allocations per indicator page). Once
// html/template has escaped a kind's templates (a dry run does it before
// the first page: Templates.fastSet), the escaped parse trees say exactly
// which escaper each action ends in; fastSet executes those trees itself
// with field and method lookups remembered per type and the escapers
// called directly (ported in escape.go).
//
// It is an accelerator, never a second semantics: it handles the cases
// the layouts use the way text/template does, and for anything else — a
// construct, function or escaper it does not know (found when the set is
// compiled), or at run time a value it does not handle exactly (a nil
// pointer, a method returning an error, a comparison of unlike kinds, a
// content type an escaper port declines) — it gives up and the page is
// rendered again from the start by html/template, which also reports
// every error. So the methods the layouts call must be free of side
// effects (the page models' are). The tests render every page of the
// real site both ways and require equal bytes, and fuzz templates
// against html/template.

// fastSet is one kind's escaped templates, ready for the fast path.
type fastSet struct {
	unusable string // why this kind's templates cannot take the fast path
	trees    map[string]*parse.Tree
	// sites holds an inline cache for every field name in the trees: a
	// field is looked up by name once per type it meets at that place.
	// They are keyed by the address of a name in its node, and each entry
	// holds the caches of that name and the names after it in the chain
	// (.A.B.C), so that a chain costs one look-up.
	sites ptrMap[string, []memberSite]
	// escapes holds, for every printing action that ends in string
	// escapers, the escapers: they are applied to the value of the
	// commands before them and the result written, never boxed.
	escapes ptrMap[parse.ActionNode, []stringEscaper]
	shared  func(name string, data any) (any, error) // a template.HTML
	methods map[memberKey]*Method
}

// contentTypes are the string types stringify tells apart: string itself
// and html/template's typed content.
var contentTypes = map[reflect.Type]contentType{
	reflect.TypeFor[string]():            contentTypePlain,
	reflect.TypeFor[template.HTML]():     contentTypeHTML,
	reflect.TypeFor[template.HTMLAttr](): contentTypeHTMLAttr,
	reflect.TypeFor[template.URL]():      contentTypeURL,
	reflect.TypeFor[template.JS]():       contentTypeJS,
	reflect.TypeFor[template.JSStr]():    contentTypeJSStr,
	reflect.TypeFor[template.CSS]():      contentTypeCSS,
	reflect.TypeFor[template.Srcset]():   contentTypeSrcset,
}

// unsupported is the panic value that abandons the fast path.
type unsupported struct{ why string }

func giveUp(format string, args ...any) {
	panic(unsupported{fmt.Sprintf(format, args...)})
}

// builtins the fast path implements itself (text/template's semantics).
var fastBuiltins = map[string]bool{
	"and": true, "or": true, "not": true, "eq": true, "ne": true,
	"len": true, "index": true, "printf": true, "dict": true, "shared": true,
}

const jsValEscaperName = "_html_template_jsvalescaper"

// compileFast checks every template reachable from entry and returns the
// fast set, or nil and the reason when one of them uses something the
// fast path does not implement. lookup returns a template's escaped tree.
func compileFast(entry string, lookup func(name string) *parse.Tree) (*fastSet, string) {
	fs := &fastSet{trees: map[string]*parse.Tree{}}
	sitesOf := map[*string][]memberSite{}
	escapesOf := map[*parse.ActionNode][]stringEscaper{}
	addSites := func(ident []string) {
		sites := make([]memberSite, len(ident))
		for i := range ident {
			sitesOf[&ident[i]] = sites[i:]
		}
	}
	var why string
	var visit func(name string) bool
	var check func(n parse.Node) bool
	visit = func(name string) bool {
		if _, done := fs.trees[name]; done {
			return true
		}
		tree := lookup(name)
		if tree == nil || tree.Root == nil {
			why = fmt.Sprintf("template %q has no escaped tree", name)
			return false
		}
		fs.trees[name] = tree
		return check(tree.Root)
	}
	checkPipe := func(p *parse.PipeNode) bool {
		if p == nil {
			return true
		}
		for _, d := range p.Decl {
			if len(d.Ident) != 1 {
				why = "a declaration with fields"
				return false
			}
		}
		for _, c := range p.Cmds {
			for _, a := range c.Args {
				if !check(a) {
					return false
				}
			}
		}
		return true
	}
	check = func(n parse.Node) bool {
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return true
			}
			for _, c := range n.Nodes {
				if !check(c) {
					return false
				}
			}
			return true
		case *parse.TextNode, *parse.CommentNode, *parse.DotNode, *parse.StringNode,
			*parse.BoolNode, *parse.NilNode:
			return true
		case *parse.FieldNode:
			addSites(n.Ident)
			return true
		case *parse.VariableNode:
			addSites(n.Ident)
			return true
		case *parse.NumberNode:
			if n.IsComplex {
				why = "a complex constant"
				return false
			}
			return true
		case *parse.IdentifierNode:
			if fastBuiltins[n.Ident] || n.Ident == jsValEscaperName {
				return true
			}
			if _, ok := stringEscapers[n.Ident]; ok {
				return true
			}
			why = fmt.Sprintf("function %q", n.Ident)
			return false
		case *parse.ChainNode:
			addSites(n.Field)
			return check(n.Node)
		case *parse.PipeNode:
			return checkPipe(n)
		case *parse.ActionNode:
			if len(n.Pipe.Decl) == 0 {
				var escs []stringEscaper
				for i := len(n.Pipe.Cmds) - 1; i > 0; i-- {
					id, ok := n.Pipe.Cmds[i].Args[0].(*parse.IdentifierNode)
					if !ok || len(n.Pipe.Cmds[i].Args) != 1 || stringEscapers[id.Ident] == nil {
						break
					}
					escs = append([]stringEscaper{stringEscapers[id.Ident]}, escs...)
				}
				if len(escs) > 0 {
					escapesOf[n] = escs
				}
			}
			return checkPipe(n.Pipe)
		case *parse.IfNode:
			return checkPipe(n.Pipe) && check(n.List) && check(n.ElseList)
		case *parse.WithNode:
			return checkPipe(n.Pipe) && check(n.List) && check(n.ElseList)
		case *parse.RangeNode:
			return checkPipe(n.Pipe) && check(n.List) && check(n.ElseList)
		case *parse.TemplateNode:
			return checkPipe(n.Pipe) && visit(n.Name)
		}
		why = fmt.Sprintf("node %T", n)
		return false
	}
	if !visit(entry) {
		return nil, why
	}
	fs.sites, fs.escapes = newPtrMap(sitesOf), newPtrMap(escapesOf)
	return fs, ""
}

// execute renders the template named entry with data into w. ok is false
// when the fast path gave up; w then holds a partial page the caller
// discards.
func (fs *fastSet) execute(w *bytes.Buffer, entry string, data any) (ok bool, why string) {
	s := &fastState{set: fs, w: w}
	defer func() {
		if r := recover(); r != nil {
			// A method that panics is an error html/template reports
			// with its position; a panic of the fast path itself is a
			// bug the tests count as a fallback. Either way: fall back.
			ok, why = false, fmt.Sprint(r)
			if u, isOurs := r.(unsupported); isOurs {
				why = u.why
			}
		}
	}()
	dot := reflect.ValueOf(data)
	s.vars = append(s.vars, fastVar{"$", dot})
	s.walk(dot, fs.trees[entry].Root)
	return true, ""
}

type fastVar struct {
	name  string
	value reflect.Value
}

type fastState struct {
	set   *fastSet
	w     *bytes.Buffer
	vars  []fastVar
	base  int // vars[base] is this template's $
	depth int
}

func (s *fastState) varValue(name string) reflect.Value {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value
		}
	}
	giveUp("undefined variable %s", name)
	return reflect.Value{}
}

func (s *fastState) setVar(name string, v reflect.Value) {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			s.vars[i].value = v
			return
		}
	}
	giveUp("undefined variable %s", name)
}

func (s *fastState) walk(dot reflect.Value, node parse.Node) {
	switch n := node.(type) {
	case *parse.ListNode:
		for _, c := range n.Nodes {
			s.walk(dot, c)
		}
	case *parse.TextNode:
		s.w.Write(n.Text)
	case *parse.CommentNode:
	case *parse.ActionNode:
		if escs := s.set.escapes.get(n); escs != nil {
			s.printEscaped(dot, n.Pipe.Cmds[:len(n.Pipe.Cmds)-len(escs)], escs)
			return
		}
		v := s.evalPipeline(dot, n.Pipe)
		if len(n.Pipe.Decl) == 0 {
			s.print(v)
		}
	case *parse.IfNode:
		s.walkIfOrWith(false, dot, n.Pipe, n.List, n.ElseList)
	case *parse.WithNode:
		s.walkIfOrWith(true, dot, n.Pipe, n.List, n.ElseList)
	case *parse.RangeNode:
		s.walkRange(dot, n)
	case *parse.TemplateNode:
		s.walkTemplate(dot, n)
	default:
		giveUp("node %T", node)
	}
}

// print writes an action's value. After escaping, every printed action
// ends in an escaper, which returns a string.
func (s *fastState) print(v reflect.Value) {
	if v.Kind() != reflect.String {
		giveUp("printing a %s", v.Kind())
	}
	s.w.WriteString(v.String())
}

// printEscaped evaluates the commands of a printing action that come
// before its escapers (a pipeline without declarations), then applies the
// escapers in turn and writes the result. Each escaper returns a plain
// string, so only the first sees the value's content type.
func (s *fastState) printEscaped(dot reflect.Value, cmds []*parse.CommandNode, escs []stringEscaper) {
	value := noFinal
	for _, cmd := range cmds {
		value = s.evalCommand(dot, cmd, value)
		if value.Kind() == reflect.Interface && value.Type().NumMethod() == 0 {
			value = reflect.ValueOf(value.Interface())
		}
	}
	str, ct := stringify(value)
	for _, esc := range escs {
		var ok bool
		if str, ok = esc(str, ct); !ok {
			giveUp("an escaper declined")
		}
		ct = contentTypePlain
	}
	s.w.WriteString(str)
}

func (s *fastState) walkIfOrWith(with bool, dot reflect.Value, pipe *parse.PipeNode, list, elseList *parse.ListNode) {
	mark := len(s.vars)
	val := s.evalPipeline(dot, pipe)
	if truth(val) {
		if with {
			s.walk(val, list)
		} else {
			s.walk(dot, list)
		}
	} else if elseList != nil {
		s.walk(dot, elseList)
	}
	s.vars = s.vars[:mark]
}

func (s *fastState) walkRange(dot reflect.Value, r *parse.RangeNode) {
	outer := len(s.vars)
	val, isNil := indirect(s.evalPipeline(dot, r.Pipe))
	if isNil {
		giveUp("range over nil")
	}
	mark := len(s.vars)
	one := func(index, elem reflect.Value) {
		if len(r.Pipe.Decl) > 0 {
			if r.Pipe.IsAssign {
				if len(r.Pipe.Decl) > 1 {
					s.setVar(r.Pipe.Decl[0].Ident[0], index)
				} else {
					s.setVar(r.Pipe.Decl[0].Ident[0], elem)
				}
			} else {
				s.vars[mark-1].value = elem
			}
		}
		if len(r.Pipe.Decl) > 1 {
			if r.Pipe.IsAssign {
				s.setVar(r.Pipe.Decl[1].Ident[0], elem)
			} else {
				s.vars[mark-2].value = index
			}
		}
		s.walk(elem, r.List)
		s.vars = s.vars[:mark]
	}
	empty := true
	switch val.Kind() {
	case reflect.Array, reflect.Slice:
		for i := 0; i < val.Len(); i++ {
			empty = false
			one(reflect.ValueOf(i), val.Index(i))
		}
	case reflect.Map:
		if val.Type().Key().Kind() != reflect.String {
			giveUp("range over a map with %s keys", val.Type().Key())
		}
		keys := val.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		for _, k := range keys {
			empty = false
			one(k, val.MapIndex(k))
		}
	case reflect.Invalid:
	default:
		giveUp("range over %s", val.Kind())
	}
	if empty && r.ElseList != nil {
		s.walk(dot, r.ElseList)
	}
	s.vars = s.vars[:outer]
}

func (s *fastState) walkTemplate(dot reflect.Value, t *parse.TemplateNode) {
	tree := s.set.trees[t.Name]
	if s.depth >= 1000 {
		giveUp("templates nested too deep")
	}
	dot = s.evalPipeline(dot, t.Pipe) // variables it declares persist
	base, depth := s.base, s.depth
	s.base, s.depth = len(s.vars), depth+1
	s.vars = append(s.vars, fastVar{"$", dot})
	s.walk(dot, tree.Root)
	s.vars = s.vars[:s.base]
	s.base, s.depth = base, depth
}

// noFinal marks a command that is first in its pipeline.
var noFinal = reflect.ValueOf(struct{ noFinal bool }{})

func hasFinal(final reflect.Value) bool { return final != noFinal }

func (s *fastState) evalPipeline(dot reflect.Value, pipe *parse.PipeNode) reflect.Value {
	if pipe == nil {
		return reflect.Value{}
	}
	value := noFinal
	for _, cmd := range pipe.Cmds {
		value = s.evalCommand(dot, cmd, value)
		if value.Kind() == reflect.Interface && value.Type().NumMethod() == 0 {
			value = reflect.ValueOf(value.Interface())
		}
	}
	for _, d := range pipe.Decl {
		if pipe.IsAssign {
			s.setVar(d.Ident[0], value)
		} else {
			s.vars = append(s.vars, fastVar{d.Ident[0], value})
		}
	}
	return value
}

func (s *fastState) evalCommand(dot reflect.Value, cmd *parse.CommandNode, final reflect.Value) reflect.Value {
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return s.evalFieldChain(dot, dot, n.Ident, cmd.Args, final)
	case *parse.ChainNode:
		return s.evalFieldChain(dot, s.evalArg(dot, n.Node), n.Field, cmd.Args, final)
	case *parse.IdentifierNode:
		return s.evalFunction(dot, n.Ident, cmd.Args[1:], final)
	case *parse.VariableNode:
		v := s.varValue(n.Ident[0])
		if len(n.Ident) == 1 {
			notAFunction(cmd.Args, final)
			return v
		}
		return s.evalFieldChain(dot, v, n.Ident[1:], cmd.Args, final)
	case *parse.PipeNode:
		notAFunction(cmd.Args, final)
		return s.evalPipeline(dot, n)
	}
	notAFunction(cmd.Args, final)
	return s.evalArg(dot, cmd.Args[0])
}

func notAFunction(args []parse.Node, final reflect.Value) {
	if len(args) > 1 || hasFinal(final) {
		giveUp("arguments to a value that is not a function")
	}
}

// evalArg evaluates a node used as an argument (or a constant command),
// as text/template does for a parameter of type reflect.Value or any.
func (s *fastState) evalArg(dot reflect.Value, n parse.Node) reflect.Value {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return s.evalFieldChain(dot, dot, n.Ident, []parse.Node{n}, noFinal)
	case *parse.VariableNode:
		v := s.varValue(n.Ident[0])
		if len(n.Ident) == 1 {
			return v
		}
		return s.evalFieldChain(dot, v, n.Ident[1:], nil, noFinal)
	case *parse.PipeNode:
		return s.evalPipeline(dot, n)
	case *parse.IdentifierNode:
		return s.evalFunction(dot, n.Ident, nil, noFinal)
	case *parse.ChainNode:
		return s.evalFieldChain(dot, s.evalArg(dot, n.Node), n.Field, nil, noFinal)
	case *parse.StringNode:
		// The node's own string: ValueOf(n.Text) would box a copy on
		// every use. Nothing sets it.
		return reflect.ValueOf(&n.Text).Elem()
	case *parse.BoolNode:
		return reflect.ValueOf(n.True)
	case *parse.NumberNode:
		switch {
		case n.IsFloat && !n.IsInt || n.IsFloat && strings.ContainsAny(n.Text, ".eEpP") && !strings.HasPrefix(n.Text, "0x") && !strings.HasPrefix(n.Text, "'"):
			return reflect.ValueOf(n.Float64)
		case n.IsInt && int64(int(n.Int64)) == n.Int64:
			return reflect.ValueOf(int(n.Int64))
		}
		giveUp("number %s", n.Text)
	}
	giveUp("argument %s", n)
	return reflect.Value{}
}

func (s *fastState) evalFieldChain(dot, receiver reflect.Value, ident []string, args []parse.Node, final reflect.Value) reflect.Value {
	n := len(ident)
	if n == 0 {
		giveUp("empty field chain")
	}
	sites := s.set.sites.get(&ident[0])
	if len(sites) < n {
		giveUp("field %s not compiled", ident[0])
	}
	for i := 0; i < n-1; i++ {
		receiver = s.evalField(dot, ident[i], &sites[i], nil, noFinal, receiver)
	}
	return s.evalField(dot, ident[n-1], &sites[n-1], args, final, receiver)
}

// memberSite remembers what a field name meant for the last type it was
// looked up on at one place in the templates (it is almost always the
// same type).
type memberSite struct{ last atomic.Pointer[siteEntry] }

type siteEntry struct {
	typ  reflect.Type // the receiver's
	addr bool         // whether the receiver was addressable (see methodReceiver)
	m    member
}

// member is what name means on receiver. The site remembers it by the
// receiver's type, so that a field is read without taking the receiver's
// address (the pointer type is looked up only to call a method).
func (s *fastState) member(site *memberSite, name string, receiver reflect.Value) *member {
	typ, addr := receiver.Type(), addressable(receiver)
	if e := site.last.Load(); e != nil && e.typ == typ && e.addr == addr {
		return &e.m
	}
	ptr := methodReceiver(receiver)
	e := &siteEntry{typ, addr, lookupMember(ptr, receiver, name)}
	if e.m.kind == memberMethod {
		e.m.direct = s.set.methods[memberKey{ptr.Type(), name}]
	}
	site.last.Store(e)
	return &e.m
}

// methodReceiver is the value whose methods a template calls on v: its
// address when it has one (text/template also finds pointer methods on
// addressable values), otherwise v.
func methodReceiver(v reflect.Value) reflect.Value {
	if addressable(v) {
		return v.Addr()
	}
	return v
}

func addressable(v reflect.Value) bool {
	return v.Kind() != reflect.Interface && v.Kind() != reflect.Pointer && v.CanAddr()
}

// A memberKey names a field, method or map key looked up on a type.
type memberKey struct {
	typ  reflect.Type
	name string
}

type memberKind uint8

const (
	memberNone memberKind = iota
	memberMethod
	memberField
	memberMapKey
)

type member struct {
	kind   memberKind
	method int           // index of the method on the (pointer) type
	field  []int         // index path of the field
	direct *Method       // the method, when it can be called without reflection
	key    reflect.Value // the map key, converted to the map's key type
}

// members remembers lookups by type and name for the whole process: types
// do not change.
var members sync.Map // memberKey → member

func lookupMember(ptr, receiver reflect.Value, name string) member {
	key := memberKey{ptr.Type(), name}
	if m, ok := members.Load(key); ok {
		return m.(member)
	}
	var m member
	if meth, ok := ptr.Type().MethodByName(name); ok && ptr.Kind() != reflect.Interface {
		m = member{kind: memberMethod, method: meth.Index}
	} else {
		switch receiver.Kind() {
		case reflect.Struct:
			if f, ok := receiver.Type().FieldByName(name); ok && f.IsExported() {
				m = member{kind: memberField, field: f.Index}
			}
		case reflect.Map:
			if reflect.TypeFor[string]().AssignableTo(receiver.Type().Key()) {
				m = member{kind: memberMapKey, key: reflect.ValueOf(name).Convert(receiver.Type().Key())}
			}
		}
	}
	members.Store(key, m)
	return m
}

func (s *fastState) evalField(dot reflect.Value, name string, site *memberSite, args []parse.Node, final, receiver reflect.Value) reflect.Value {
	if !receiver.IsValid() {
		return reflect.Value{} // text/template: a missing key's fields are missing too
	}
	receiver, isNil := indirect(receiver)
	if isNil {
		giveUp("nil pointer evaluating .%s", name)
	}
	m := s.member(site, name, receiver)
	hasArgs := len(args) > 1 || hasFinal(final)
	switch m.kind {
	case memberMethod:
		ptr := methodReceiver(receiver)
		if m.direct != nil && ptr.CanInterface() {
			return s.callDirect(dot, m.direct, ptr, args, final)
		}
		return s.callMethod(dot, ptr.Method(m.method), args, final)
	case memberField:
		if hasArgs {
			giveUp("field %s given arguments", name)
		}
		if len(m.field) == 1 {
			return receiver.Field(m.field[0]) // not promoted: no pointer on the way
		}
		v, err := receiver.FieldByIndexErr(m.field)
		if err != nil {
			giveUp("%v", err)
		}
		return v
	case memberMapKey:
		if hasArgs {
			giveUp("map key %s given arguments", name)
		}
		return receiver.MapIndex(m.key)
	}
	giveUp("can't evaluate field %s in type %s", name, receiver.Type())
	return reflect.Value{}
}

var (
	errorType        = reflect.TypeFor[error]()
	reflectValueType = reflect.TypeFor[reflect.Value]()
)

// callMethod calls a method value with the command's arguments (args[0]
// names the method) and the pipeline's value last.
func (s *fastState) callMethod(dot, fun reflect.Value, args []parse.Node, final reflect.Value) reflect.Value {
	typ := fun.Type()
	if len(args) > 0 {
		args = args[1:]
	}
	n := len(args)
	if hasFinal(final) {
		n++
	}
	if typ.IsVariadic() || typ.NumIn() != n {
		giveUp("method with %d parameters called with %d arguments", typ.NumIn(), n)
	}
	switch {
	case typ.NumOut() == 1:
	case typ.NumOut() == 2 && typ.Out(1) == errorType:
	default:
		giveUp("method with %d results", typ.NumOut())
	}
	var in [4]reflect.Value
	argv := in[:0]
	if n > len(in) {
		argv = make([]reflect.Value, 0, n)
	}
	for i, a := range args {
		argv = append(argv, assignable(s.evalArg(dot, a), typ.In(i)))
	}
	if hasFinal(final) {
		argv = append(argv, assignable(final, typ.In(n-1)))
	}
	out := fun.Call(argv)
	if len(out) == 2 && !out[1].IsNil() {
		giveUp("method returned an error")
	}
	v := out[0]
	if v.Type() == reflectValueType {
		v = v.Interface().(reflect.Value)
	}
	return v
}

// callDirect is callMethod for a Method, on the receiver recv.
func (s *fastState) callDirect(dot reflect.Value, m *Method, recv reflect.Value, args []parse.Node, final reflect.Value) reflect.Value {
	if len(args) > 0 {
		args = args[1:]
	}
	n := len(args)
	if hasFinal(final) {
		n++
	}
	switch {
	case m.call0 != nil && n == 0:
		return m.call0(recv.Interface())
	case m.call1 != nil && n == 1:
		arg := final
		if len(args) == 1 {
			arg = s.evalArg(dot, args[0])
		}
		return m.call1(recv.Interface(), assignable(arg, stringType).String())
	}
	giveUp("method %s called with %d arguments", m.name, n)
	return reflect.Value{}
}

var stringType = reflect.TypeFor[string]()

// assignable returns v when it can be passed as a t, without the
// conversions text/template would try.
func assignable(v reflect.Value, t reflect.Type) reflect.Value {
	if !v.IsValid() {
		giveUp("missing value for a %s parameter", t)
	}
	if v.Type().AssignableTo(t) {
		return v
	}
	if v.Kind() == reflect.Interface && !v.IsNil() && v.Elem().Type().AssignableTo(t) {
		return v.Elem()
	}
	giveUp("a %s given for a %s parameter", v.Type(), t)
	return reflect.Value{}
}

// evalFunction calls a builtin or an escaper. args are the command's
// arguments after the name.
func (s *fastState) evalFunction(dot reflect.Value, name string, args []parse.Node, final reflect.Value) reflect.Value {
	if esc, ok := stringEscapers[name]; ok {
		str, ct := stringify(s.oneArg(dot, args, final))
		out, ok := esc(str, ct)
		if !ok {
			giveUp("escaper %s declined", name)
		}
		return reflect.ValueOf(out)
	}
	switch name {
	case jsValEscaperName:
		v := s.oneArg(dot, args, final)
		if v.Kind() == reflect.Interface {
			v = v.Elem()
		}
		if !v.IsValid() || !v.CanInterface() {
			giveUp("jsvalescaper of nothing")
		}
		out, ok := escapeJSVal(v.Interface())
		if !ok {
			giveUp("jsvalescaper declined a %s", v.Type())
		}
		return reflect.ValueOf(out)
	case "and", "or":
		// They short-circuit: arguments are evaluated until one decides.
		or := name == "or"
		var v reflect.Value
		for _, a := range args {
			v = s.evalArg(dot, a)
			if truth(v) == or {
				return v
			}
		}
		if hasFinal(final) {
			v = final
		}
		if len(args) == 0 && !hasFinal(final) {
			giveUp("%s with no arguments", name)
		}
		return v
	}
	argv := s.evalArgs(dot, args, final)
	switch name {
	case "not":
		if len(argv) != 1 {
			giveUp("not with %d arguments", len(argv))
		}
		return reflect.ValueOf(!truth(argv[0]))
	case "eq":
		if len(argv) < 2 {
			giveUp("eq with %d arguments", len(argv))
		}
		for _, b := range argv[1:] {
			if equal(argv[0], b) {
				return reflect.ValueOf(true)
			}
		}
		return reflect.ValueOf(false)
	case "ne":
		if len(argv) != 2 {
			giveUp("ne with %d arguments", len(argv))
		}
		return reflect.ValueOf(!equal(argv[0], argv[1]))
	case "len":
		if len(argv) != 1 {
			giveUp("len with %d arguments", len(argv))
		}
		v := indirectInterface(argv[0])
		switch v.Kind() {
		case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
			return reflect.ValueOf(v.Len())
		}
		giveUp("len of %s", v.Kind())
	case "index":
		return index(argv)
	case "printf":
		if len(argv) < 1 || argv[0].Kind() != reflect.String || argv[0].Type() != reflect.TypeFor[string]() {
			giveUp("printf without a format string")
		}
		rest := make([]any, len(argv)-1)
		for i, a := range argv[1:] {
			if a.IsValid() {
				if !a.CanInterface() {
					giveUp("printf of an unexported value")
				}
				rest[i] = a.Interface()
			}
		}
		return reflect.ValueOf(fmt.Sprintf(argv[0].String(), rest...))
	case "dict":
		kv := make([]any, len(argv))
		for i, a := range argv {
			if a.IsValid() {
				kv[i] = a.Interface()
			}
		}
		m, err := dict(kv...)
		if err != nil {
			giveUp("%v", err)
		}
		return reflect.ValueOf(m)
	case "shared":
		if len(argv) != 2 || argv[0].Type() != reflect.TypeFor[string]() || !argv[1].IsValid() {
			giveUp("shared needs a name and a value")
		}
		out, err := s.set.shared(argv[0].String(), argv[1].Interface())
		if err != nil {
			giveUp("%v", err)
		}
		return reflect.ValueOf(out)
	}
	giveUp("function %s", name)
	return reflect.Value{}
}

func (s *fastState) evalArgs(dot reflect.Value, args []parse.Node, final reflect.Value) []reflect.Value {
	argv := make([]reflect.Value, 0, len(args)+1)
	for _, a := range args {
		argv = append(argv, indirectInterface(s.evalArg(dot, a)))
	}
	if hasFinal(final) {
		argv = append(argv, indirectInterface(final))
	}
	return argv
}

func (s *fastState) oneArg(dot reflect.Value, args []parse.Node, final reflect.Value) reflect.Value {
	switch {
	case len(args) == 0 && hasFinal(final):
		return final
	case len(args) == 1 && !hasFinal(final):
		return s.evalArg(dot, args[0])
	}
	giveUp("an escaper with several arguments")
	return reflect.Value{}
}

// stringify is html/template's stringify for one argument: the text of a
// value and its content type.
func stringify(v reflect.Value) (string, contentType) {
	v = indirectInterface(v)
	if !v.IsValid() {
		// A missing map key or a nil interface: text/template passes the
		// escaper a nil, which it skips.
		return "", contentTypePlain
	}
	t := v.Type()
	if v.Kind() == reflect.String {
		if ct, ok := contentTypes[t]; ok {
			return v.String(), ct
		}
	}
	if v.Kind() == reflect.Pointer || !v.CanInterface() {
		giveUp("escaping a %s", t)
	}
	return fmt.Sprint(v.Interface()), contentTypePlain
}

// truth is text/template's truth of a value (a missing value is false).
func truth(v reflect.Value) bool {
	v = indirectInterface(v)
	if !v.IsValid() {
		return false
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0
	case reflect.Bool:
		return v.Bool()
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.Interface:
		return !v.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0
	case reflect.Struct:
		return true
	}
	giveUp("truth of %s", v.Kind())
	return false
}

// equal is text/template's eq for two values of basic kinds.
func equal(a, b reflect.Value) bool {
	ka, kb := basicKind(a), basicKind(b)
	switch {
	case ka == "int" && kb == "uint":
		return a.Int() >= 0 && uint64(a.Int()) == b.Uint()
	case ka == "uint" && kb == "int":
		return b.Int() >= 0 && a.Uint() == uint64(b.Int())
	case ka != kb || ka == "":
		giveUp("comparing %s with %s", a.Kind(), b.Kind())
	}
	switch ka {
	case "bool":
		return a.Bool() == b.Bool()
	case "int":
		return a.Int() == b.Int()
	case "uint":
		return a.Uint() == b.Uint()
	case "float":
		return a.Float() == b.Float()
	case "string":
		return a.String() == b.String()
	}
	return false
}

func basicKind(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Bool:
		return "bool"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "int"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "uint"
	case reflect.Float32, reflect.Float64:
		return "float"
	case reflect.String:
		return "string"
	}
	return ""
}

// index is text/template's index for maps with string keys and for
// slices, arrays and strings with int indexes.
func index(argv []reflect.Value) reflect.Value {
	if len(argv) == 0 || !argv[0].IsValid() {
		giveUp("index of nothing")
	}
	item := argv[0]
	for _, i := range argv[1:] {
		item = indirectInterface(item)
		switch item.Kind() {
		case reflect.Map:
			if !i.IsValid() || !i.Type().AssignableTo(item.Type().Key()) {
				giveUp("index of a map with a %v key", i)
			}
			if x := item.MapIndex(i); x.IsValid() {
				item = x
			} else {
				item = reflect.Zero(item.Type().Elem())
			}
		case reflect.Slice, reflect.Array, reflect.String:
			if basicKind(i) != "int" || i.Int() < 0 || i.Int() >= int64(item.Len()) {
				giveUp("index %v out of range", i)
			}
			item = item.Index(int(i.Int()))
		default:
			giveUp("index of %s", item.Kind())
		}
	}
	return item
}

func indirect(v reflect.Value) (reflect.Value, bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}
