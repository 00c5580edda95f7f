package standin

// nameCombos: see Combo.
var nameCombos = []Combo{}
