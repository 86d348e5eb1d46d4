# bad.env triggers lint-trailing-whitespace, good.env does not
printf '%s' 'A=1  
# comment 
	
B="x"	
' > bad.env
printf '%s' 'A=1
B="x  
y"
' > good.env
