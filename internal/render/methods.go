package render

import (
	"fmt"
	"reflect"
)

// A Method lets the fast path call one method of the page models without
// reflect.Value.Call, which costs about 300 ns and three allocations a
// call: the layouts call a page's URL resolver some fifteen times a page,
// the most frequent action of all. It is made from a method expression,
// (*Page).URL, so it can only ever be that method: the fast path calls
// the same code html/template would.
type Method struct {
	recv  reflect.Type
	name  string
	fn    reflect.Value // the method expression, to find the method by
	call0 func(recv any) reflect.Value
	call1 func(recv any, arg string) reflect.Value
	err   error
}

// Method0 is a method without arguments, such as (*Page).OGLocale.
func Method0[T, R any](f func(T) R) Method {
	return newMethod[T, R](f, func(recv any) reflect.Value { return reflect.ValueOf(f(recv.(T))) }, nil)
}

// Method1 is a method of one string argument, such as (*Page).URL.
func Method1[T, R any](f func(T, string) R) Method {
	return newMethod[T, R](f, nil, func(recv any, arg string) reflect.Value { return reflect.ValueOf(f(recv.(T), arg)) })
}

func newMethod[T, R any](f any, call0 func(any) reflect.Value, call1 func(any, string) reflect.Value) Method {
	m := Method{recv: reflect.TypeFor[T](), fn: reflect.ValueOf(f), call0: call0, call1: call1}
	// reflect.ValueOf(result) has the result's own type only when that
	// is not an interface (nor a reflect.Value, which templates unwrap).
	if r := reflect.TypeFor[R](); r.Kind() == reflect.Interface || r == reflectValueType {
		m.err = fmt.Errorf("render: a method giving a %s cannot be called directly", r)
		return m
	}
	if m.fn.IsNil() {
		m.err = fmt.Errorf("render: a nil method of %s", m.recv)
		return m
	}
	for i := 0; i < m.recv.NumMethod(); i++ {
		if meth := m.recv.Method(i); meth.Func.Pointer() == m.fn.Pointer() {
			m.name = meth.Name
			return m
		}
	}
	m.err = fmt.Errorf("render: %s is not a method expression of %s, such as (*Page).URL", m.fn.Type(), m.recv)
	return m
}

// methodSet indexes methods by receiver type and name.
func methodSet(methods []Method) (map[memberKey]*Method, error) {
	set := map[memberKey]*Method{}
	for i := range methods {
		m := &methods[i]
		if m.err != nil {
			return nil, m.err
		}
		set[memberKey{m.recv, m.name}] = m
	}
	return set, nil
}
