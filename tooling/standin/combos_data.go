package standin

// dataCombos: see Combo.
var dataCombos = []Combo{}
