package safe

// fastCSI reads, in one pass, a CSI sequence that starts at p[i] (ESC '[')
// and lies whole in p with only digits and semicolons before its final
// byte: the colours a progress bar repeats several times a line. It calls
// h.CSI with exactly the Seq the byte-at-a-time states would build and
// returns the index after the final byte. Any other sequence, or one cut
// by the end of p, returns -1 without a side effect, and the states read
// it as usual.
func (s *Scanner) fastCSI(p []byte, i int, h Handler) int {
	j := i + 2
	if j > len(p) || p[i+1] != '[' {
		return -1
	}
	end := min(len(p), j+maxCSIBytes)
	params := s.params[:0]
	cur := Missing
	inParam := false
	for ; j < end; j++ {
		c := p[j]
		switch {
		case c >= '0' && c <= '9':
			if cur == Missing {
				cur = 0
			}
			if cur < maxParamValue {
				cur = min(cur*10+int(c-'0'), maxParamValue)
			}
			inParam = true
		case c == ';':
			if len(params) >= MaxParams-1 {
				return -1
			}
			params = append(params, cur)
			cur = Missing
			inParam = true
		case c >= 0x40 && c <= 0x7e:
			if inParam {
				params = append(params, cur)
			}
			s.seq = Seq{Params: params, Final: c}
			h.CSI(&s.seq)
			return j + 1
		default:
			return -1
		}
	}
	return -1
}
