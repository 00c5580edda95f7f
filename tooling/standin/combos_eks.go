package standin

// eksCombos: see Combo.
var eksCombos = []Combo{}
